// Kept maps of embedding files: read back exactly, matched by the whole key, never trusted
// when damaged, of another version or of other settings, bounded to the most recently used,
// and a folder that cannot be written costs only the memo.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeptFileMaps } from './kept-file-map';
import type { FileMapKey } from './kept-file-map';
import type { FittedLayout } from './projections';

const key = (overrides: Partial<FileMapKey> = {}): FileMapKey => ({
  file: { path: '/data/glove.txt', size: 1234, mtimeMs: 1_700_000_000_000.5 },
  metadata: null,
  count: 3,
  dim: 2,
  vectors: 'a'.repeat(64),
  maxPoints: 70_000,
  method: 'umap',
  umap: { nNeighbors: 15, minDist: 0.1, metric: 'cosine' },
  seed: 1,
  ...overrides,
});

const umapLayout: FittedLayout = { coords: Float32Array.from([0.5, -1, 2, 3.25, -4, 5]), epochs: 200, varianceExplained: null, quality: { trustworthiness: 0.95, k: 2, sample: 3 }, pca: null };
const pcaLayout: FittedLayout = {
  coords: Float32Array.from([1, 2, 3, 4, 5, 6]), epochs: 0, varianceExplained: [0.6, 0.3], quality: { trustworthiness: 0.9, k: 2, sample: 3 },
  pca: { mean: Float64Array.from([0.1, 0.2]), axes: Float64Array.from([1, 0, 0, 1]) },
};

const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('kept maps of embedding files', () => {
  it('reads back exactly what was written, for the same key only', async () => {
    const maps = new KeptFileMaps(join(await mkdtemp(join(tmpdir(), 'file-maps-')), 'maps', 'files'));
    expect(maps.read(key())).toBeNull();
    await maps.write(key(), umapLayout);
    const pcaKey = key({ method: 'pca', umap: null });
    await maps.write(pcaKey, pcaLayout);
    expect(maps.read(key())).toEqual(umapLayout);
    expect(maps.read(pcaKey)).toEqual(pcaLayout);
    // any part of the key makes another map
    for (const other of [
      key({ seed: 2 }),
      key({ umap: { nNeighbors: 16, minDist: 0.1, metric: 'cosine' } }),
      key({ umap: { nNeighbors: 15, minDist: 0.1, metric: 'cosine', epochs: 200 } }),
      key({ file: { path: '/data/glove.txt', size: 1235, mtimeMs: 1_700_000_000_000.5 } }),
      key({ file: { path: '/data/glove.txt', size: 1234, mtimeMs: 1_700_000_000_001 } }),
      key({ file: { path: '/other/glove.txt', size: 1234, mtimeMs: 1_700_000_000_000.5 } }),
      key({ metadata: { path: '/data/metadata.tsv', size: 10, mtimeMs: 1 } }),
      key({ maxPoints: 1000 }),
      key({ vectors: 'b'.repeat(64) }),
    ]) {
      expect(maps.fileOf(other)).not.toBe(maps.fileOf(key()));
      expect(maps.read(other)).toBeNull();
    }
  });

  it('ignores a file cut short, of another version, of other settings or with a bad layout', async () => {
    const maps = new KeptFileMaps(await mkdtemp(join(tmpdir(), 'file-maps-')));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await maps.write(key(), umapLayout);
    const file = maps.fileOf(key());
    const bytes = await readFile(file);

    await writeFile(file, bytes.subarray(0, bytes.length - 4));
    expect(maps.read(key())).toBeNull();
    await writeFile(file, bytes.subarray(0, 9));
    expect(maps.read(key())).toBeNull();
    const version = Buffer.from(bytes);
    version[6] = 99;
    await writeFile(file, version);
    expect(maps.read(key())).toBeNull();
    const nan = Buffer.from(bytes);
    nan.writeFloatLE(Number.NaN, nan.length - 4);
    await writeFile(file, nan);
    expect(maps.read(key())).toBeNull();
    await writeFile(file, 'not a map at all');
    expect(maps.read(key())).toBeNull();
    // a map renamed to another key's file is not that key's map
    await writeFile(maps.fileOf(key({ seed: 9 })), bytes);
    expect(maps.read(key({ seed: 9 }))).toBeNull();
    expect(warn).toHaveBeenCalledTimes(6);
    expect(warn.mock.calls[0]![0]).toContain('it will be refitted');

    // the next write replaces the damaged file
    await maps.write(key(), umapLayout);
    expect(maps.read(key())).toEqual(umapLayout);
  });

  it('keeps the most recently used maps only, and leaves other files alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-maps-'));
    const maps = new KeptFileMaps(dir, 3);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    for (let seed = 1; seed <= 3; seed++) {
      await maps.write(key({ seed }), umapLayout);
      await pause();
    }
    // seed 1 is the oldest written, but used now
    expect(maps.read(key({ seed: 1 }))).not.toBeNull();
    await pause();
    await maps.write(key({ seed: 4 }), umapLayout);
    await pause();
    await maps.write(key({ seed: 5 }), umapLayout);
    expect((await readdir(dir)).filter((n) => n.endsWith('.lwmap'))).toHaveLength(3);
    expect([1, 2, 3, 4, 5].map((seed) => maps.read(key({ seed })) !== null)).toEqual([true, false, false, true, true]);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
  });

  it('a folder that cannot be written logs and goes on', async () => {
    const root = await mkdtemp(join(tmpdir(), 'file-maps-'));
    // a file where the folder should be: no one, root included, can write into it
    await mkdir(join(root, 'maps'));
    await writeFile(join(root, 'maps', 'files'), '');
    const maps = new KeptFileMaps(join(root, 'maps', 'files'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(maps.write(key(), umapLayout)).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toContain('could not keep the map');
    expect(maps.read(key())).toBeNull();
  });
});
