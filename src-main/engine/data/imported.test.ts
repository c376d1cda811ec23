import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { writeIdx } from './idx';
import { listImported, loadImported, runImport } from './imported';
import type { ImportOptions } from './imported';
import { float32Bytes, npyBytes, writeClassFolder, writeImage } from './importers/import-fixtures';
import { DatasetRegistry } from './registry';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix = 'latent-import-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

let dataDir = '';
let files = '';
beforeEach(async () => {
  dataDir = await tempDir('latent-home-');
  files = await tempDir('latent-files-');
});

const noop = (): void => undefined;
const defaults = { rgb: false, valFraction: 0.2, seed: 7 };

function importing(options: Partial<ImportOptions> & { path: string; name: string }, signal = new AbortController().signal) {
  return runImport(dataDir, { ...defaults, ...options }, new Set(['mnist-10k']), signal, noop);
}

/** n images of side x side whose pixel k of image i is (i * 5 + k) % 256. */
function pixels(n: number, side: number, channels = 1): Uint8Array {
  return Uint8Array.from({ length: n * side * side * channels }, (_, j) => (Math.floor(j / (side * side * channels)) * 5 + (j % (side * side * channels))) % 256);
}

async function writeBytes(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(files, name);
  await writeFile(path, bytes);
  return path;
}

/** No hidden partial folders and no dataset folders other than `kept`. */
async function expectOnlyImports(kept: string[]): Promise<void> {
  const names = await readdir(join(dataDir, 'imports')).catch(() => [] as string[]);
  expect(names.sort()).toEqual([...kept].sort());
}

/** Imports a good dataset first, to check a failing import leaves it alone. */
async function existing(): Promise<Uint8Array> {
  const images = pixels(10, 4);
  const path = await writeBytes('good-idx', writeIdx({ dtype: 'uint8', shape: [10, 4, 4], data: images }));
  await importing({ path, name: 'Existing' });
  return images;
}

async function expectExistingIntact(images: Uint8Array): Promise<void> {
  await expectOnlyImports(['existing']);
  expect((await loadImported(dataDir, 'existing')).images).toEqual(images);
}

describe('importing IDX', () => {
  it('converts gzipped images and labels once, with a stored seeded split, listed across restarts', async () => {
    const images = pixels(50, 6);
    const labels = Uint8Array.from({ length: 50 }, (_, i) => i % 3);
    const path = await writeBytes('imgs.gz', writeIdx({ dtype: 'uint8', shape: [50, 6, 6], data: images }, { gzip: true }));
    const labelsPath = await writeBytes('labels', writeIdx({ dtype: 'uint8', shape: [50], data: labels }));
    const summary = await importing({ path, name: 'My Digits!', labelsPath });
    expect(summary).toMatchObject({ id: 'my-digits', name: 'My Digits!', count: 50, width: 6, height: 6, channels: 1, trainCount: 40, valCount: 10, labeled: true, origin: 'import' });
    expect(summary.split).toEqual({ kind: 'random', seed: 7, valFraction: 0.2 });

    // a new registry (a restart) lists and opens it from the cache
    const registry = new DatasetRegistry(dataDir);
    expect((await registry.list()).map((d) => d.id)).toContain('my-digits');
    const set = await registry.open('my-digits');
    expect(set.images).toEqual(images);
    expect(set.labels).toEqual(labels);
    expect(set.valIndices).toHaveLength(10);
    expect(new Set([...set.trainIndices, ...set.valIndices]).size).toBe(50);
    // the same seed gives the same split on every load; another seed another one
    expect((await loadImported(dataDir, 'my-digits')).valIndices).toEqual(set.valIndices);
    const other = await importing({ path, name: 'again', seed: 8 });
    expect(other.split).toEqual({ kind: 'random', seed: 8, valFraction: 0.2 });
    expect((await loadImported(dataDir, 'again')).valIndices).not.toEqual(set.valIndices);
  });

  it('refuses a wrong magic number, naming the file', async () => {
    const before = await existing();
    const bytes = writeIdx({ dtype: 'uint8', shape: [3, 4, 4], data: pixels(3, 4) });
    bytes[0] = 0x50;
    const path = await writeBytes('bad-magic', bytes);
    await expect(importing({ path, name: 'bad' })).rejects.toThrow(`${path}: not an IDX file: starts with 0x50 0x00`);
    await expectExistingIntact(before);
  });

  it('refuses truncated IDX, raw (from its size) and gzipped (at the end of the stream)', async () => {
    const before = await existing();
    const raw = writeIdx({ dtype: 'uint8', shape: [30, 8, 8], data: pixels(30, 8) });
    const rawPath = await writeBytes('short', raw.subarray(0, raw.length - 100));
    await expect(importing({ path: rawPath, name: 'short' })).rejects.toThrow(`${rawPath}: is truncated: 30 images of 8x8 need 1936 bytes, the file has 1836`);
    const gz = writeIdx({ dtype: 'uint8', shape: [3000, 8, 8], data: pixels(3000, 8) }, { gzip: true });
    const gzPath = await writeBytes('short.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    await expect(importing({ path: gzPath, name: 'short-gz' })).rejects.toThrow(`${gzPath}: is a truncated gzip file`);
    await expectExistingIntact(before);
  });

  it('refuses labels whose count does not match the images', async () => {
    const before = await existing();
    const path = await writeBytes('imgs', writeIdx({ dtype: 'uint8', shape: [5, 4, 4], data: pixels(5, 4) }));
    const labelsPath = await writeBytes('labels', writeIdx({ dtype: 'uint8', shape: [4], data: new Uint8Array(4) }));
    await expect(importing({ path, name: 'mismatch', labelsPath })).rejects.toThrow(`${labelsPath}: holds 4 labels for the 5 images of ${path}; expected one label per image`);
    await expectExistingIntact(before);
  });

  it('refuses a sparse 2 GB file declaring a huge shape from its header, without reading it', async () => {
    const before = await existing();
    const path = join(files, 'huge-idx');
    const header = writeIdx({ dtype: 'uint8', shape: [1, 1, 1], data: new Uint8Array(1) }).subarray(0, 16);
    new DataView(header.buffer, header.byteOffset).setUint32(4, 2_800_000, false);
    new DataView(header.buffer, header.byteOffset).setUint32(8, 28, false);
    new DataView(header.buffer, header.byteOffset).setUint32(12, 28, false);
    const handle = await open(path, 'w');
    await handle.write(header, 0, 16, 0);
    await handle.truncate(2 ** 31 + 16);
    await handle.close();
    const started = performance.now();
    const heapBefore = process.memoryUsage().arrayBuffers;
    await expect(importing({ path, name: 'huge' })).rejects.toThrow(`${path}: declares 2,800,000 images of 28x28x1 (2.2 GB), more than the 2.1 GB a dataset may hold`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(64 * 1024 * 1024);
    await expectExistingIntact(before);
  });
});

describe('importing NPY', () => {
  it('reads uint8 [N,H,W], float32 [N,H*W] with a given shape, and uint8 [N,H,W,3]', async () => {
    const images = pixels(12, 5);
    const a = await writeBytes('a.npy', npyBytes('|u1', [12, 5, 5], images));
    expect(await importing({ path: a, name: 'a' })).toMatchObject({ count: 12, width: 5, height: 5, channels: 1, labeled: false });
    expect((await loadImported(dataDir, 'a')).images).toEqual(images);

    const floats = Array.from(images, (v) => v / 255);
    const b = await writeBytes('b.npy', npyBytes('<f4', [12, 15], float32Bytes(floats.slice(0, 12 * 15))));
    expect(await importing({ path: b, name: 'b', height: 3, width: 5 })).toMatchObject({ count: 12, width: 5, height: 3 });
    expect((await loadImported(dataDir, 'b')).images).toEqual(images.subarray(0, 12 * 15));

    const colour = pixels(4, 3, 3);
    const labels = await writeBytes('l.npy', npyBytes('<i8', [4], new Uint8Array(BigInt64Array.from([0n, 1n, 2n, 1n]).buffer)));
    const c = await writeBytes('c.npy', npyBytes('|u1', [4, 3, 3, 3], colour));
    expect(await importing({ path: c, name: 'c', labelsPath: labels })).toMatchObject({ channels: 3, labeled: true });
    expect(Array.from((await loadImported(dataDir, 'c')).labels!)).toEqual([0, 1, 2, 1]);
  });

  it('refuses an unsupported dtype and a header that lies about the data', async () => {
    const before = await existing();
    const f8 = await writeBytes('f8.npy', npyBytes('<f8', [2, 4, 4], new Uint8Array(2 * 16 * 8)));
    await expect(importing({ path: f8, name: 'f8' })).rejects.toThrow(`${f8}: holds <f8 values; images must be uint8 (0..255) or float32 (0..1)`);
    const lying = await writeBytes('lying.npy', npyBytes('|u1', [2, 4, 4], new Uint8Array(32), '(20, 4, 4)'));
    await expect(importing({ path: lying, name: 'lying' })).rejects.toThrow(`${lying}: declares shape (20, 4, 4) of |u1, which needs 448 bytes, but the file has 160; the header does not match the data`);
    const nan = await writeBytes('nan.npy', npyBytes('<f4', [1, 2, 2], float32Bytes([0, 0.5, Number.NaN, 1])));
    await expect(importing({ path: nan, name: 'nan' })).rejects.toThrow(`${nan}: holds the value NaN at index 2`);
    await expectExistingIntact(before);
  });

  it('refuses a huge declared shape from the header of a small file', async () => {
    const path = await writeBytes('huge.npy', npyBytes('<f4', [1], new Uint8Array(4), '(100000000, 28, 28)'));
    await expect(importing({ path, name: 'huge' })).rejects.toThrow(`${path}: declares 100,000,000 images of 28x28x1`);
    await expectOnlyImports([]);
  });
});

describe('importing a folder of images', () => {
  it('labels by subfolder, resizes, and keeps grey or colour', async () => {
    const root = join(files, 'pics');
    await writeClassFolder(root, ['cat', 'dog'], 3, 12);
    const grey = await importing({ path: root, name: 'pets', size: 6 });
    expect(grey).toMatchObject({ count: 6, width: 6, height: 6, channels: 1, classNames: ['cat', 'dog'], labeled: true });
    const set = await loadImported(dataDir, 'pets');
    expect(Array.from(set.labels!)).toEqual([0, 0, 0, 1, 1, 1]);
    // class 0 is grey 40, class 1 grey 80 (JPEG may shift a level or two)
    expect(Math.abs(set.images[0]! - 40)).toBeLessThanOrEqual(2);
    expect(Math.abs(set.images[5 * 36]! - 80)).toBeLessThanOrEqual(2);
    const rgb = await importing({ path: root, name: 'pets-rgb', rgb: true });
    expect(rgb).toMatchObject({ width: 12, height: 12, channels: 3 });
    await expect(importing({ path: root, name: 'pets-labelled', labelsPath: '/x' })).rejects.toThrow('is a folder: its labels are its subfolders');
  });

  it('refuses mixed sizes without a resize, and an unreadable file, naming it', async () => {
    const before = await existing();
    const root = join(files, 'mixed');
    await writeClassFolder(root, ['a'], 2, 8);
    await writeImage(join(root, 'a', 'z-odd.png'), 9, 8, 10);
    await expect(importing({ path: root, name: 'mixed' })).rejects.toThrow(`${join(root, 'a', 'z-odd.png')}: is 9x8 but ${join(root, 'a', '0.png')} is 8x8; choose a size`);
    const broken = join(files, 'broken');
    await mkdir(join(broken, 'a'), { recursive: true });
    await writeImage(join(broken, 'a', '0.png'), 8, 8, 10);
    await writeFile(join(broken, 'a', '1.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    await expect(importing({ path: broken, name: 'broken', size: 8 })).rejects.toThrow(`${join(broken, 'a', '1.png')}: is not a complete, readable PNG image`);
    await expectExistingIntact(before);
  });
});

describe('cancelling and names', () => {
  it('removes the partial cache when cancelled, and refuses a name in use', async () => {
    const path = await writeBytes('big.gz', writeIdx({ dtype: 'uint8', shape: [20_000, 28, 28], data: pixels(20_000, 28) }, { gzip: true }));
    const controller = new AbortController();
    let reported = 0;
    const cancelled = runImport(dataDir, { ...defaults, path, name: 'big' }, new Set(), controller.signal, (_, done) => {
      reported = done;
      controller.abort();
    });
    await expect(cancelled).rejects.toThrow('Cancelled.');
    expect(reported).toBeGreaterThan(0);
    await expectOnlyImports([]);
    expect(await listImported(dataDir)).toEqual([]);
    await expect(runImport(dataDir, { ...defaults, path, name: 'MNIST 10k' }, new Set(['mnist-10k']), controller.signal, noop)).rejects.toThrow(
      'A dataset "mnist-10k" exists already; choose another name.',
    );
  });
});

describe('a crash mid-import', () => {
  it('leaves a hidden partial folder that is never listed and is removed by the next import of that name', async () => {
    const dead = join(dataDir, 'imports', '.late.partial-999999999-abc');
    await mkdir(dead, { recursive: true });
    await writeFile(join(dead, 'images.u8'), new Uint8Array(10));
    expect(await listImported(dataDir)).toEqual([]);
    const path = await writeBytes('late', writeIdx({ dtype: 'uint8', shape: [3, 2, 2], data: pixels(3, 2) }));
    await importing({ path, name: 'late' });
    await expectOnlyImports(['late']);
  });
});
