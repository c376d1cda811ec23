/**
 * The compact on-disk form the built-in datasets are converted into once, because decoding
 * their originals (the `mnist` package's JSON, gzipped IDX) takes seconds and reading these
 * files back takes milliseconds. In `<dataDir>/datasets/<id>/`: `images.u8` (count x height x
 * width x channels bytes, row-major), `labels.u8` (one byte per image) and `meta.json`,
 * written last, so a cache that a crash cut short is rebuilt rather than trusted.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** bump when the layout or meta.json changes, so old caches are rebuilt rather than misread */
export const IMAGE_CACHE_VERSION = 2;

/** What a cache must hold to be used: from this origin, of images this shape. */
export interface ImageCacheSpec {
  /** identifies what the cache is converted from; a cache of another origin is rebuilt */
  source: string;
  width: number;
  height: number;
  channels: number;
}

/** Images and labels as converted from the original files. */
export interface ConvertedImages {
  images: Uint8Array;
  labels: Uint8Array;
  /** size of the source's training split (how its images divide is the source's rule) */
  trainCount: number;
}

/** `meta.json`: the spec plus the sizes that tell a complete cache from a cut-short one. */
export interface ImageCacheMeta extends ImageCacheSpec {
  version: number;
  count: number;
  trainCount: number;
  valCount: number;
  imagesBytes: number;
}

/** The parts one after the other, for converters that read a dataset in pieces. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The dataset's folder under the data directory. */
export function imageCacheDir(dataDir: string, id: string): string {
  return join(dataDir, 'datasets', id);
}

/** Reads the cache in `dir` if it is complete and matches `spec`; otherwise converts and writes it. */
export async function loadImageCache(
  dir: string,
  spec: ImageCacheSpec,
  convert: () => Promise<ConvertedImages>,
): Promise<ConvertedImages> {
  const cached = await readImageCache(dir, spec);
  if (cached) return cached;
  const data = await convert();
  await writeImageCache(dir, spec, data);
  return data;
}

async function readImageCache(dir: string, spec: ImageCacheSpec): Promise<ConvertedImages | null> {
  let meta: ImageCacheMeta;
  try {
    meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as ImageCacheMeta;
  } catch {
    return null;
  }
  const pixels = spec.width * spec.height * spec.channels;
  const fits =
    meta.version === IMAGE_CACHE_VERSION &&
    meta.source === spec.source &&
    meta.width === spec.width &&
    meta.height === spec.height &&
    meta.channels === spec.channels &&
    meta.imagesBytes === meta.count * pixels &&
    meta.trainCount + meta.valCount === meta.count;
  if (!fits) return null;
  try {
    const [images, labels] = await Promise.all([readBytes(join(dir, 'images.u8')), readBytes(join(dir, 'labels.u8'))]);
    // a file cut short by a crash, or swapped since, is rebuilt, never trusted
    if (images.length !== meta.imagesBytes || labels.length !== meta.count) return null;
    return { images, labels, trainCount: meta.trainCount };
  } catch {
    return null;
  }
}

/** The file as a plain Uint8Array over the buffer that was read, without a copy. */
export async function readBytes(path: string): Promise<Uint8Array> {
  const buffer = await readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

async function writeImageCache(dir: string, spec: ImageCacheSpec, data: ConvertedImages): Promise<void> {
  await mkdir(dir, { recursive: true });
  // an old meta.json must not vouch for the new files while they are half written
  await rm(join(dir, 'meta.json'), { force: true });
  await writeFileAtomic(join(dir, 'images.u8'), asBuffer(data.images));
  await writeFileAtomic(join(dir, 'labels.u8'), asBuffer(data.labels));
  const count = data.labels.length;
  const meta: ImageCacheMeta = {
    version: IMAGE_CACHE_VERSION,
    ...spec,
    count,
    trainCount: data.trainCount,
    valCount: count - data.trainCount,
    imagesBytes: data.images.length,
  };
  await writeFileAtomic(join(dir, 'meta.json'), JSON.stringify(meta));
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
