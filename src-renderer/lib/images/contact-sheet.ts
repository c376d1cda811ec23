/**
 * Lays validation images and their reconstructions out as RGBA pixels for one canvas:
 * blocks of two rows, originals on top and reconstructions below, transparent gaps between.
 */

/** RGBA pixels ready for `new ImageData(data, width, height)`. */
export interface Sheet {
  width: number;
  height: number;
  data: Uint8ClampedArray<ArrayBuffer>;
  /** images per row */
  columns: number;
}

/** The images to lay out: `count` grayscale images of height x width in [0, 1], row-major. */
export interface SheetInput {
  originals: Float32Array;
  reconstructions: Float32Array;
  count: number;
  width: number;
  height: number;
}

const GAP = 1;
const BLOCK_GAP = 3;
const MAX_COLUMNS = 12;

/** Columns per row: as even as possible with at most MAX_COLUMNS. */
export function sheetColumns(count: number): number {
  const blocks = Math.ceil(count / MAX_COLUMNS);
  return Math.ceil(count / Math.max(1, blocks));
}

/** Builds the sheet's pixels. */
export function buildSheet(input: SheetInput): Sheet {
  const { count, width: w, height: h } = input;
  const columns = sheetColumns(count);
  const blocks = Math.ceil(count / columns);
  const width = columns * w + (columns - 1) * GAP;
  const height = blocks * (2 * h + GAP) + (blocks - 1) * BLOCK_GAP;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < count; i++) {
    const left = (i % columns) * (w + GAP);
    const top = Math.floor(i / columns) * (2 * h + GAP + BLOCK_GAP);
    paint(data, width, input.originals, i * w * h, left, top, w, h);
    paint(data, width, input.reconstructions, i * w * h, left, top + h + GAP, w, h);
  }
  return { width, height, data, columns };
}

function paint(out: Uint8ClampedArray, stride: number, src: Float32Array, start: number, left: number, top: number, w: number, h: number): void {
  for (let y = 0; y < h; y++) {
    let o = ((top + y) * stride + left) * 4;
    let s = start + y * w;
    for (let x = 0; x < w; x++, o += 4, s++) {
      const v = src[s]! * 255;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = 255;
    }
  }
}
