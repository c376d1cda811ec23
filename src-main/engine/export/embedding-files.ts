/**
 * Latent codes as files other tools read: TensorFlow's Embedding Projector (vectors.tsv,
 * metadata.tsv, a sprite of the images and projector_config.json pointing at them), NumPy's
 * NPY, and CSV. Pure functions from data to file contents; the caller writes them.
 */
import { PNG } from 'pngjs';

/** Codes of a dataset split with what describes each row. */
export interface Embeddings {
  /** dataset index of each row */
  indices: Int32Array;
  /** row-major [count, dim] */
  codes: Float32Array;
  dim: number;
  /** one label per row, or null when the dataset has none */
  labels: Uint8Array | null;
  /** label -> class name, when the dataset names its classes */
  classNames: string[] | null;
  /** a 2-D projection of the codes, row-major [count, 2], when asked for */
  projection: Float32Array | null;
}

/** The Projector refuses sprites larger than this on a side. */
export const MAX_SPRITE_SIDE = 8192;

/** Shortest round-trip form of a float32 value. */
const num = (v: number): string => String(Math.fround(v));

/** Rows of `dim` numbers separated by tabs (vectors.tsv: no header, as the Projector reads). */
export function vectorsTsv(values: Float32Array, dim: number): string {
  const lines: string[] = [];
  for (let r = 0; r < values.length / dim; r++) {
    const row: string[] = [];
    for (let c = 0; c < dim; c++) row.push(num(values[r * dim + c]!));
    lines.push(row.join('\t'));
  }
  return lines.join('\n') + '\n';
}

/** metadata.tsv: a header row (the Projector needs one when there are several columns),
 * then index, label and class name per row. */
export function metadataTsv(e: Embeddings): string {
  const header = ['index', ...(e.labels ? ['label'] : []), ...(e.labels && e.classNames ? ['class'] : [])];
  const lines = [header.join('\t')];
  for (let r = 0; r < e.indices.length; r++) {
    const row = [String(e.indices[r])];
    if (e.labels) row.push(String(e.labels[r]));
    if (e.labels && e.classNames) row.push(clean(e.classNames[e.labels[r]!] ?? String(e.labels[r])));
    lines.push(row.join('\t'));
  }
  return lines.join('\n') + '\n';
}

/** A cell without tabs or line breaks, which would shift the columns. */
function clean(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ');
}

/** Images (bytes, row-major [count, height, width, channels]) in a grid PNG of `columns`
 * columns and at least the rows they need, row by row, with `gap` black pixels between
 * them. Grey or RGB; opaque. */
export function gridPng(images: Uint8Array, count: number, width: number, height: number, channels: number, columns: number, gap = 0, minRows = 1): Buffer {
  const rows = Math.max(minRows, Math.ceil(count / columns));
  const png = new PNG({ width: columns * width + (columns - 1) * gap, height: rows * height + (rows - 1) * gap });
  // RGBA, opaque black where no image falls
  for (let p = 3; p < png.data.length; p += 4) png.data[p] = 255;
  const size = width * height * channels;
  for (let n = 0; n < count; n++) {
    const x0 = (n % columns) * (width + gap);
    const y0 = Math.floor(n / columns) * (height + gap);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const src = n * size + (y * width + x) * channels;
        const dst = ((y0 + y) * png.width + x0 + x) * 4;
        for (let c = 0; c < 3; c++) png.data[dst + c] = images[src + (channels >= 3 ? c : 0)]!;
      }
    }
  }
  return PNG.sync.write(png);
}

/** The grid of thumbnails the Projector cuts by `singleImageDim`: square (the Projector
 * derives the columns from the image count), the images in the rows' order. Null when it would exceed MAX_SPRITE_SIDE. */
export function spritePng(images: Uint8Array, indices: Int32Array, width: number, height: number, channels: number): Buffer | null {
  const perSide = Math.max(1, Math.ceil(Math.sqrt(indices.length)));
  if (perSide * Math.max(width, height) > MAX_SPRITE_SIDE) return null;
  const size = width * height * channels;
  const picked = new Uint8Array(indices.length * size);
  indices.forEach((index, n) => picked.set(images.subarray(index * size, (index + 1) * size), n * size));
  return gridPng(picked, indices.length, width, height, channels, perSide, 0, perSide);
}

/** projector_config.json: the codes (and the 2-D projection, when there is one) with their
 * metadata and sprite, by relative paths, as `projector --logdir` and the standalone
 * Projector's "Load" read it. */
export function projectorConfig(e: Embeddings, name: string, sprite: { width: number; height: number } | null): object {
  const common = { metadataPath: 'metadata.tsv', ...(sprite ? { sprite: { imagePath: 'sprite.png', singleImageDim: [sprite.width, sprite.height] } } : {}) };
  const embeddings = [{ tensorName: name, tensorShape: [e.indices.length, e.dim], tensorPath: 'vectors.tsv', ...common }];
  if (e.projection) embeddings.push({ tensorName: `${name} (2-D projection)`, tensorShape: [e.indices.length, 2], tensorPath: 'projection.tsv', ...common });
  return { embeddings };
}

type NpyType = '<f4' | '<i4' | '|u1';

/** An NPY (version 1.0) file: little-endian, C order, the format numpy.load reads. */
export function npy(values: Float32Array | Int32Array | Uint8Array, shape: readonly number[]): Buffer {
  const descr: NpyType = values instanceof Float32Array ? '<f4' : values instanceof Int32Array ? '<i4' : '|u1';
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) throw new Error(`Shape [${shape.join(', ')}] holds ${size} values, not ${values.length}.`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  // magic + version + length (10 bytes) + header + newline, padded to 64 so data is aligned
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const out = Buffer.alloc(10 + header.length + values.byteLength);
  out.write('\x93NUMPY', 0, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(out, 10 + header.length);
  return out;
}

/** One CSV: index, label, class, z0..z{dim-1} and, with a projection, x and y. */
export function embeddingsCsv(e: Embeddings): string {
  const quote = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const header = ['index', 'label', 'class', ...Array.from({ length: e.dim }, (_, j) => `z${j}`), ...(e.projection ? ['x', 'y'] : [])];
  const lines = [header.join(',')];
  for (let r = 0; r < e.indices.length; r++) {
    const label = e.labels ? String(e.labels[r]) : '';
    const name = e.labels && e.classNames ? quote(e.classNames[e.labels[r]!] ?? label) : '';
    const row = [String(e.indices[r]), label, name];
    for (let c = 0; c < e.dim; c++) row.push(num(e.codes[r * e.dim + c]!));
    if (e.projection) row.push(num(e.projection[r * 2]!), num(e.projection[r * 2 + 1]!));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
