/**
 * Decoded images (bytes, row-major [count, height, width, channels]) laid out as one RGBA
 * sheet: a grid with `columns` per row and transparent gaps, for a canvas or a PNG export.
 */
import type { Sheet } from '../images/contact-sheet';

/** A batch of images as the engine sends them. */
export interface ImageBatch {
  count: number;
  width: number;
  height: number;
  channels: number;
  images: Uint8Array;
}

/** The sheet of `batch`, `columns` images per row, `gap` pixels apart. */
export function gridSheet(batch: ImageBatch, columns: number, gap = 1): Sheet {
  const { count, width: w, height: h, channels: c, images } = batch;
  const cols = Math.max(1, Math.min(columns, count));
  const rows = Math.max(1, Math.ceil(count / cols));
  const width = cols * w + (cols - 1) * gap;
  const height = rows * h + (rows - 1) * gap;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < count; i++) {
    const left = (i % cols) * (w + gap);
    const top = Math.floor(i / cols) * (h + gap);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const s = ((i * h + y) * w + x) * c;
        const o = ((top + y) * width + left + x) * 4;
        data[o] = images[s]!;
        data[o + 1] = images[c >= 3 ? s + 1 : s]!;
        data[o + 2] = images[c >= 3 ? s + 2 : s]!;
        data[o + 3] = 255;
      }
    }
  }
  return { width, height, data, columns: cols };
}

/** One image of a batch as its own batch. */
export function imageOf(batch: ImageBatch, i: number): ImageBatch {
  const size = batch.width * batch.height * batch.channels;
  return { ...batch, count: 1, images: batch.images.slice(i * size, (i + 1) * size) };
}

/** Several single-image batches of one size as one batch, in order. */
export function joinImages(parts: readonly ImageBatch[]): ImageBatch | null {
  const first = parts[0];
  if (!first) return null;
  const images = new Uint8Array(parts.reduce((n, p) => n + p.images.length, 0));
  let at = 0;
  for (const p of parts) {
    images.set(p.images, at);
    at += p.images.length;
  }
  return { ...first, count: parts.reduce((n, p) => n + p.count, 0), images };
}

/** The cell of a grid sheet under sheet pixel (x, y), or null in a gap or outside. */
export function cellAt(sheet: Sheet, cell: { width: number; height: number }, count: number, x: number, y: number, gap = 1): number | null {
  const col = Math.floor(x / (cell.width + gap));
  const row = Math.floor(y / (cell.height + gap));
  if (x < 0 || y < 0 || col >= sheet.columns || x - col * (cell.width + gap) >= cell.width || y - row * (cell.height + gap) >= cell.height) return null;
  const i = row * sheet.columns + col;
  return i < count ? i : null;
}
