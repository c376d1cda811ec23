import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IMAGE_CACHE_VERSION, loadImageCache } from './image-cache';
import type { ConvertedImages, ImageCacheSpec } from './image-cache';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function cacheDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'latent-cache-'));
  made.push(dir);
  return join(dir, 'datasets', 'some-set');
}

const spec: ImageCacheSpec = { source: 'test 1', width: 2, height: 2, channels: 1 };

function converter(): () => Promise<ConvertedImages> {
  return vi.fn(() =>
    Promise.resolve({ images: Uint8Array.from({ length: 12 }, (_, i) => i * 20), labels: Uint8Array.from([7, 8, 9]), trainCount: 2 }),
  );
}

describe('image cache', () => {
  it('converts once, writes images.u8, labels.u8 and meta.json, then only reads them', async () => {
    const dir = await cacheDir();
    const convert = converter();
    const first = await loadImageCache(dir, spec, convert);
    expect(Array.from(await readFile(join(dir, 'images.u8')))).toEqual(Array.from(first.images));
    expect(Array.from(await readFile(join(dir, 'labels.u8')))).toEqual([7, 8, 9]);
    expect(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'))).toEqual({
      version: IMAGE_CACHE_VERSION,
      source: 'test 1',
      width: 2,
      height: 2,
      channels: 1,
      count: 3,
      trainCount: 2,
      valCount: 1,
      imagesBytes: 12,
    });
    const second = await loadImageCache(dir, spec, convert);
    expect(convert).toHaveBeenCalledTimes(1);
    expect(second.images).toEqual(first.images);
    expect(second.images.constructor).toBe(Uint8Array);
    expect(second.trainCount).toBe(2);
  });

  it('rebuilds when the origin, the image shape or the cache version differ', async () => {
    const dir = await cacheDir();
    const convert = converter();
    await loadImageCache(dir, spec, convert);
    await loadImageCache(dir, { ...spec, source: 'test 2' }, convert);
    expect(convert).toHaveBeenCalledTimes(2);
    await loadImageCache(dir, { ...spec, source: 'test 2', width: 1, height: 4 }, convert);
    expect(convert).toHaveBeenCalledTimes(3);
    // a cache of the first layout (version 1) is never read by this one
    await writeFile(join(dir, 'meta.json'), JSON.stringify({ version: 1, count: 3, imagesBytes: 12 }));
    await loadImageCache(dir, { ...spec, source: 'test 2', width: 1, height: 4 }, convert);
    expect(convert).toHaveBeenCalledTimes(4);
  });

  it('rebuilds when a file is short, missing, or meta.json is unreadable', async () => {
    const dir = await cacheDir();
    const convert = converter();
    await loadImageCache(dir, spec, convert);
    await writeFile(join(dir, 'labels.u8'), Uint8Array.from([7, 8]));
    await loadImageCache(dir, spec, convert);
    expect(Array.from(await readFile(join(dir, 'labels.u8')))).toEqual([7, 8, 9]);
    await rm(join(dir, 'images.u8'));
    await loadImageCache(dir, spec, convert);
    await writeFile(join(dir, 'meta.json'), '{"version": 2, "cou');
    await loadImageCache(dir, spec, convert);
    expect(convert).toHaveBeenCalledTimes(4);
    expect((await readFile(join(dir, 'images.u8'))).length).toBe(12);
  });

  it('removes the old meta.json before rewriting, so a rebuild that fails is not trusted', async () => {
    const dir = await cacheDir();
    await loadImageCache(dir, spec, converter());
    // a folder where images.u8 should be makes writing it fail half way through the rebuild
    await rm(join(dir, 'images.u8'));
    await mkdir(join(dir, 'images.u8'));
    await expect(loadImageCache(dir, { ...spec, source: 'test 2' }, converter())).rejects.toThrow();
    expect(existsSync(join(dir, 'meta.json'))).toBe(false);
  });
});
