/**
 * Turns the drawing pad's pixels into the 28x28 image a model trained on MNIST expects,
 * the way MNIST itself was made: crop to the ink, fit into 20x20 keeping the aspect ratio
 * (area-averaged, so anti-aliased), then place in 28x28 with the centre of mass in the
 * middle. `rawDownsample` skips all that and shrinks the whole pad, to show the difference.
 */
import { allFiniteInRange } from '../../../src-main/protocol/typed-arrays';
import { resampleArea } from './area-resample';

/** Width and height of a model input. */
export const DIGIT_SIZE = 28;
/** The box MNIST fits each digit into before centring. */
const FIT_BOX = 20;
/** Pixels at or below this count as paper when finding the ink's bounding box. */
const INK_THRESHOLD = 0.05;

/** Square grayscale pad pixels, ink high: [0, 1] floats or 0..255 bytes. */
export type PadPixels = Float32Array | Uint8ClampedArray;

/** The pad's pixels as [0, 1] floats (read only); throws when they are not `size` x `size`. */
function toUnit(pixels: PadPixels, size: number): Float32Array {
  if (pixels.length !== size * size) {
    throw new RangeError(`Expected ${size * size} pad pixels (${size}×${size}), got ${pixels.length}`);
  }
  // the pad's own pixels already are: no copy at every stroke
  if (pixels instanceof Float32Array && allFiniteInRange(pixels, 0, 1)) return pixels;
  const scale = pixels instanceof Uint8ClampedArray ? 1 / 255 : 1;
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = clampUnit(pixels[i]! * scale);
  return out;
}

/** NaN becomes 0, everything else is clamped to [0, 1]. */
function clampUnit(v: number): number {
  return v > 0 ? (v < 1 ? v : 1) : 0;
}

/** The whole `size` x `size` pad area-averaged down to 28x28, no cropping or centring. */
export function rawDownsample(pixels: PadPixels, size: number): Float32Array {
  return resampleArea(toUnit(pixels, size), size, size, DIGIT_SIZE, DIGIT_SIZE).map(clampUnit);
}

/** The pad as an MNIST-style 28x28 input in [0, 1]; an empty pad gives all zeros. */
export function mnistPreprocess(pixels: PadPixels, size: number): Float32Array {
  const unit = toUnit(pixels, size);
  const out = new Float32Array(DIGIT_SIZE * DIGIT_SIZE);

  let minX = size;
  let minY = size;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (unit[y * size + x]! <= INK_THRESHOLD) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX < 0) return out;

  const w = maxX - minX + 1;
  const h = maxY - minY + 1;
  const crop = new Float32Array(w * h);
  for (let y = 0; y < h; y++) crop.set(unit.subarray((minY + y) * size + minX, (minY + y) * size + minX + w), y * w);

  const scale = FIT_BOX / Math.max(w, h);
  const fw = Math.max(1, Math.round(w * scale));
  const fh = Math.max(1, Math.round(h * scale));
  const fitted = resampleArea(crop, w, h, fw, fh);

  // centre of mass with pixel centres at i + 0.5, so the middle of 28x28 is exactly 14
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < fh; y++) {
    for (let x = 0; x < fw; x++) {
      const v = fitted[y * fw + x]!;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  const centre = DIGIT_SIZE / 2;
  // clamped so a lopsided digit is shifted as far as it can go without losing ink
  const left = Math.min(DIGIT_SIZE - fw, Math.max(0, Math.round(centre - mx / mass)));
  const top = Math.min(DIGIT_SIZE - fh, Math.max(0, Math.round(centre - my / mass)));
  for (let y = 0; y < fh; y++) {
    for (let x = 0; x < fw; x++) out[(top + y) * DIGIT_SIZE + left + x] = clampUnit(fitted[y * fw + x]!);
  }
  return out;
}
