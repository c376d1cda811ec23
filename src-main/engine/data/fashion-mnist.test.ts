import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../protocol';
import { fakeFashionMnist, fixtureLabel, fixturePixel } from './fashion-fixture';
import { FASHION_MNIST_DEBIAN_DIR, FASHION_MNIST_FILES, loadFashionMnist, probeFashionMnist } from './fashion-mnist';
import { writeIdx } from './idx';
import type { ImageSet } from './image-set';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'latent-data-'));
  made.push(dir);
  return dir;
}

async function fake(...args: Parameters<typeof fakeFashionMnist>): Promise<string> {
  const dir = await fakeFashionMnist(...args);
  made.push(dir);
  return dir;
}

/** The bytes without their last 20, as a download cut short leaves them. */
function cutShort(bytes: Uint8Array): Uint8Array {
  return bytes.subarray(0, bytes.length - 20);
}

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

describe('fashion-mnist from a folder of IDX files', () => {
  it('is absent when the folder or one of its four files is missing', async () => {
    expect(await probeFashionMnist(join(tmpdir(), 'latent-no-such-folder'))).toBeNull();
    const dir = await fake(5, 2);
    await rm(join(dir, 't10k-labels-idx1-ubyte.gz'));
    expect(await probeFashionMnist(dir)).toBeNull();
  });

  it('sizes the dataset from the headers: train files train, t10k files validate', async () => {
    const dir = await fake(50, 10);
    expect(await probeFashionMnist(dir)).toEqual({
      id: 'fashion-mnist',
      name: 'Fashion-MNIST',
      count: 60,
      width: 28,
      height: 28,
      channels: 1,
      trainCount: 50,
      valCount: 10,
      source: `Zalando Research (MIT), files in ${dir}`,
      classNames: CLASSES,
      split: { kind: 'published' },
      origin: 'system',
      labeled: true,
    });
  });

  it('loads train images first, then t10k, with their labels and the published split', async () => {
    const dir = await fake(50, 10);
    const set = await loadFashionMnist(await tempDir(), dir);
    expect(set.summary).toEqual(await probeFashionMnist(dir));
    expect(set.images.length).toBe(60 * 784);
    expect(Array.from(set.trainIndices)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(set.valIndices)).toEqual(Array.from({ length: 10 }, (_, i) => 50 + i));
    expect(Array.from(set.labels!)).toEqual(Array.from({ length: 60 }, (_, i) => fixtureLabel(i)));
    for (const image of [0, 49, 50, 59]) {
      for (const k of [0, 1, 400, 783]) expect(set.images[image * 784 + k]).toBe(fixturePixel(image, k));
    }
  });

  it('converts once, then reads the cache without decoding the files again', async () => {
    const dir = await fake(50, 10);
    const source = join(dir, 'train-images-idx3-ubyte.gz');
    // a whole second, so that setting it again later gives exactly the same time
    await utimes(source, 1_700_000_000, 1_700_000_000);
    const dataDir = await tempDir();
    const first = await loadFashionMnist(dataDir, dir);
    const cache = join(dataDir, 'datasets', 'fashion-mnist');
    expect((await stat(join(cache, 'images.u8'))).size).toBe(60 * 784);
    expect((await stat(join(cache, 'labels.u8'))).size).toBe(60);
    expect(JSON.parse(await readFile(join(cache, 'meta.json'), 'utf8'))).toMatchObject({
      version: 2,
      count: 60,
      trainCount: 50,
      valCount: 10,
      imagesBytes: 60 * 784,
      width: 28,
      height: 28,
      channels: 1,
    });
    const cacheTime = (await stat(join(cache, 'images.u8'))).mtimeMs;

    // garble a source file but keep its size and time: a load that decoded it would fail
    await writeFile(source, new Uint8Array((await stat(source)).size).fill(0x55));
    await utimes(source, 1_700_000_000, 1_700_000_000);
    const second = await loadFashionMnist(dataDir, dir);
    expect(second.images).toEqual(first.images);
    expect(second.labels).toEqual(first.labels);
    expect((await stat(join(cache, 'images.u8'))).mtimeMs).toBe(cacheTime);

    // a source file changed since (another time) invalidates the cache
    await utimes(source, 1_700_000_000, 1_700_000_005);
    await expect(loadFashionMnist(dataDir, dir)).rejects.toThrow(`${source}: not an IDX file`);
  });

  it('rebuilds a cache that a crash cut short or left without meta.json', async () => {
    const dir = await fake(50, 10);
    const dataDir = await tempDir();
    const first = await loadFashionMnist(dataDir, dir);
    const cache = join(dataDir, 'datasets', 'fashion-mnist');
    await truncate(join(cache, 'images.u8'), 1000);
    const rebuilt = await loadFashionMnist(dataDir, dir);
    expect(rebuilt.images).toEqual(first.images);
    expect((await stat(join(cache, 'images.u8'))).size).toBe(60 * 784);

    await rm(join(cache, 'meta.json'));
    await writeFile(join(cache, 'labels.u8'), new Uint8Array(3));
    const again = await loadFashionMnist(dataDir, dir);
    expect(again.labels).toEqual(first.labels);
    expect((await stat(join(cache, 'labels.u8'))).size).toBe(60);
  });

  it('says how to install it when the files are not there', async () => {
    const empty = await tempDir();
    const failure = loadFashionMnist(await tempDir(), empty);
    await expect(failure).rejects.toBeInstanceOf(WorkbenchError);
    await expect(failure).rejects.toMatchObject({ code: 'not-found' });
    await expect(failure).rejects.toThrow(`${empty} lacks ${FASHION_MNIST_FILES.join(', ')}`);
    await expect(failure).rejects.toThrow('sudo apt install dataset-fashion-mnist');
    await expect(failure).rejects.toThrow('LATENT_FASHION_MNIST_DIR');
  });
});

describe('fashion-mnist refuses damaged files, naming the file', () => {
  const cases: [string, Parameters<typeof fakeFashionMnist>[2], string, RegExp][] = [
    ['a wrong magic', (file, array) => (file.startsWith('t10k-images') ? gzipSync(Buffer.from('<html>not found</html>')) : array), 't10k-images-idx3-ubyte.gz', /: not an IDX file/],
    [
      'a truncated image file',
      (file, array) => (file.startsWith('train-images') ? cutShort(writeIdx(array, { gzip: true })) : array),
      'train-images-idx3-ubyte.gz',
      /: truncated gzip/,
    ],
    [
      'image data shorter than its header says',
      (file, array) => (file.startsWith('train-images') ? gzipSync(writeIdx(array).subarray(0, 16 + 49 * 784)) : array),
      'train-images-idx3-ubyte.gz',
      /: data length does not match the header: dimensions 50x28x28 of uint8 need 39200 bytes, found 38416/,
    ],
    [
      'more labels than images',
      (file, array) => (file.startsWith('train-labels') ? { dtype: 'uint8', shape: [51], data: new Uint8Array(51) } : array),
      'train-labels-idx1-ubyte.gz',
      /: 51 labels for the 50 images of .*train-images-idx3-ubyte\.gz; expected one label per image/,
    ],
    [
      'a label outside 0..9',
      (file, array) => (file.startsWith('t10k-labels') ? { ...array, data: Uint8Array.from(array.data, (v, i) => (i === 4 ? 10 : v)) } : array),
      't10k-labels-idx1-ubyte.gz',
      /: label 10 at index 4; expected 0\.\.9/,
    ],
    [
      'labels that are not uint8',
      (file, array) => (file.startsWith('t10k-labels') ? { dtype: 'int32', shape: [10], data: new Int32Array(10) } : array),
      't10k-labels-idx1-ubyte.gz',
      /: expected labels \(uint8, one dimension\), found int32 of 10/,
    ],
  ];
  for (const [what, edit, file, message] of cases) {
    it(what, async () => {
      const dir = await fake(50, 10, edit);
      const failure = loadFashionMnist(await tempDir(), dir);
      await expect(failure).rejects.toThrow(message);
      await expect(failure).rejects.toThrow(join(dir, file));
    });
  }

  it('images that are not 28x28, refused already when sized from the headers', async () => {
    const dir = await fake(50, 10, undefined, 32);
    const expected = `${join(dir, 'train-images-idx3-ubyte.gz')}: expected 28x28 images (uint8, N x 28 x 28), found uint8 of 50 x 32 x 32`;
    await expect(probeFashionMnist(dir)).rejects.toThrow(expected);
    await expect(loadFashionMnist(await tempDir(), dir)).rejects.toThrow(expected);
  });
});

const hasDebianFiles = FASHION_MNIST_FILES.every((name) => existsSync(join(FASHION_MNIST_DEBIAN_DIR, name)));
if (!hasDebianFiles) {
  console.log(`skipping the real Fashion-MNIST check: ${FASHION_MNIST_DEBIAN_DIR} lacks the four files (sudo apt install dataset-fashion-mnist)`);
}

describe('Debian Fashion-MNIST', () => {
  it.skipIf(!hasDebianFiles)('has 70,000 images, 60,000 train / 10,000 validation, 7,000 of each class', async () => {
    const ms = (start: number): string => `${(performance.now() - start).toFixed(0)} ms`;
    let start = performance.now();
    const probed = await probeFashionMnist(FASHION_MNIST_DEBIAN_DIR);
    const probeTime = ms(start);
    expect(probed).toMatchObject({ count: 70_000, trainCount: 60_000, valCount: 10_000 });

    const dataDir = await tempDir();
    start = performance.now();
    await loadFashionMnist(dataDir, FASHION_MNIST_DEBIAN_DIR);
    const convertTime = ms(start);
    start = performance.now();
    const set: ImageSet = await loadFashionMnist(dataDir, FASHION_MNIST_DEBIAN_DIR);
    const cacheTime = ms(start);
    console.log(`Fashion-MNIST: sized from headers in ${probeTime}, converted in ${convertTime}, loaded from cache in ${cacheTime}`);

    expect(set.summary).toEqual(probed);
    expect(set.images.length).toBe(70_000 * 784);
    const perClass = new Array<number>(10).fill(0);
    for (const label of set.labels!) perClass[label]! += 1;
    expect(perClass).toEqual(new Array<number>(10).fill(7000));
    expect(set.trainIndices.length).toBe(60_000);
    expect(set.valIndices[0]).toBe(60_000);
  });
});
