/**
 * Lays a generative run's samples (decodes of its fixed noise) out as RGBA pixels for one
 * canvas: a near-square grid with transparent gaps, the same cell for the same code every epoch.
 */
import type { Sheet } from '../images/contact-sheet';

/** The images to lay out: `count` grayscale images of height x width in [0, 1], row-major. */
export interface SampleSheetInput {
  images: Float32Array;
  count: number;
  width: number;
  height: number;
}

const GAP = 1;

/** Builds the grid's pixels, ceil(sqrt(count)) images per row. */
export function buildSampleSheet(input: SampleSheetInput): Sheet {
  const { count, width: w, height: h, images } = input;
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)));
  const rows = Math.ceil(count / columns);
  const width = columns * w + (columns - 1) * GAP;
  const height = rows * h + (rows - 1) * GAP;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < count; i++) {
    const left = (i % columns) * (w + GAP);
    const top = Math.floor(i / columns) * (h + GAP);
    for (let y = 0; y < h; y++) {
      let o = ((top + y) * width + left) * 4;
      let s = i * w * h + y * w;
      for (let x = 0; x < w; x++, o += 4, s++) {
        const v = images[s]! * 255;
        data[o] = v;
        data[o + 1] = v;
        data[o + 2] = v;
        data[o + 3] = 255;
      }
    }
  }
  return { width, height, data, columns };
}
