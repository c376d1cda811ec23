/**
 * Saving and loading drawings, minus the browser parts: the JSON format with its checks,
 * grayscale <-> RGBA for PNGs (the component encodes and decodes them with a canvas), and
 * the 28x28 drawing blown up to pad size so a loaded digit can be drawn over.
 */
import { resampleArea } from './area-resample';
import { DIGIT_SIZE } from './mnist-preprocess';

const PIXELS = DIGIT_SIZE * DIGIT_SIZE;

/** A saved drawing: 28x28 grayscale, row-major, ink 1 and paper 0. */
export interface DrawingJson {
  width: number;
  height: number;
  pixels: number[];
}

/** A file that is not a drawing; the message says why, in words for users. */
export class DrawingFormatError extends Error {
  override name = 'DrawingFormatError';
}

function checkDrawing(pixels: ArrayLike<number>): void {
  if (pixels.length !== PIXELS) throw new RangeError(`A drawing has ${PIXELS} pixels, got ${pixels.length}`);
}

/** The drawing as JSON text; values keep 4 decimals, plenty for 8-bit-like images. */
export function drawingToJson(pixels: Float32Array): string {
  checkDrawing(pixels);
  const json: DrawingJson = { width: DIGIT_SIZE, height: DIGIT_SIZE, pixels: Array.from(pixels, (v) => Math.round(v * 1e4) / 1e4) };
  return JSON.stringify(json);
}

/** Reads a saved drawing back; throws DrawingFormatError saying what is wrong. */
export function parseDrawingJson(text: string): Float32Array {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DrawingFormatError(`The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DrawingFormatError('Expected a JSON object {"width": 28, "height": 28, "pixels": [...]}.');
  }
  const { width, height, pixels } = value as Record<string, unknown>;
  if (width !== DIGIT_SIZE || height !== DIGIT_SIZE) {
    throw new DrawingFormatError(`Expected a 28×28 drawing, got width ${String(width)} and height ${String(height)}.`);
  }
  if (!Array.isArray(pixels)) throw new DrawingFormatError('"pixels" must be an array of numbers.');
  if (pixels.length !== PIXELS) throw new DrawingFormatError(`Expected ${PIXELS} pixels (28×28), got ${pixels.length}.`);
  const out = new Float32Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) {
    const v: unknown = pixels[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new DrawingFormatError(`Pixel ${i} is ${JSON.stringify(v) ?? String(v)}; pixel values must be numbers from 0 to 1.`);
    }
    out[i] = v;
  }
  return out;
}

/** Grayscale [0, 1] as opaque RGBA bytes (ink white on black, as the model sees it). */
export function grayToRgba(pixels: Float32Array): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(pixels.length * 4);
  for (let i = 0, o = 0; i < pixels.length; i++, o += 4) {
    const v = Math.round(pixels[i]! * 255);
    out[o] = v;
    out[o + 1] = v;
    out[o + 2] = v;
    out[o + 3] = 255;
  }
  return out;
}

/**
 * A decoded picture (RGBA bytes, any size) as a 28x28 drawing. With transparency, ink is
 * the alpha whatever its colour; opaque pictures use luminance, inverted when the border is
 * light (dark ink on paper). Non-square pictures are padded square, then area-averaged.
 */
export function rgbaToDrawing(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  if (!(width > 0 && height > 0) || rgba.length !== width * height * 4) {
    throw new DrawingFormatError(`The image data does not match its size ${width}×${height}.`);
  }
  const count = width * height;
  let translucent = false;
  for (let i = 3; i < rgba.length; i += 4) {
    if (rgba[i]! < 255) {
      translucent = true;
      break;
    }
  }
  const gray = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * 4;
    gray[i] = translucent ? rgba[o + 3]! / 255 : (0.299 * rgba[o]! + 0.587 * rgba[o + 1]! + 0.114 * rgba[o + 2]!) / 255;
  }
  if (!translucent && borderMean(gray, width, height) > 0.5) {
    for (let i = 0; i < count; i++) gray[i] = 1 - gray[i]!;
  }
  if (width === DIGIT_SIZE && height === DIGIT_SIZE) return gray;

  const side = Math.max(width, height);
  const square = new Float32Array(side * side);
  const left = Math.floor((side - width) / 2);
  const top = Math.floor((side - height) / 2);
  for (let y = 0; y < height; y++) square.set(gray.subarray(y * width, (y + 1) * width), (top + y) * side + left);
  return resampleArea(square, side, side, DIGIT_SIZE, DIGIT_SIZE).map((v) => Math.min(1, Math.max(0, v)));
}

function borderMean(gray: Float32Array, width: number, height: number): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y !== 0 && y !== height - 1 && x !== 0 && x !== width - 1) continue;
      sum += gray[y * width + x]!;
      n++;
    }
  }
  return sum / n;
}

/** The 28x28 drawing blown up to a `size` x `size` pad, each pixel a solid block. */
export function padFromDrawing(pixels: Float32Array, size: number): Float32Array {
  checkDrawing(pixels);
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const row = Math.floor((y * DIGIT_SIZE) / size) * DIGIT_SIZE;
    for (let x = 0; x < size; x++) out[y * size + x] = pixels[row + Math.floor((x * DIGIT_SIZE) / size)]!;
  }
  return out;
}
