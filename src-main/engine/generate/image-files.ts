/**
 * Image files the Generate area writes and reads: PNG (pngjs; grey, RGB or RGBA as the
 * images are, 8 bits) and NPY (float32, little-endian, C order), the format numpy.load reads.
 */
import { PNG } from 'pngjs';
import type { ColorType } from 'pngjs';

/** pngjs's colour type for 1..4 channels: grey, grey+alpha, RGB, RGBA. */
const COLOR_TYPES: Record<number, ColorType> = { 1: 0, 2: 4, 3: 2, 4: 6 };

/** A PNG of one image of bytes, row-major [height, width, channels]. */
export function encodePng(bytes: Uint8Array, width: number, height: number, channels: number): Buffer {
  const colorType = COLOR_TYPES[channels];
  if (colorType === undefined) throw new Error(`A PNG holds 1 to 4 channels, not ${channels}.`);
  if (bytes.length !== width * height * channels) throw new Error(`Expected ${width * height * channels} bytes for a ${width}x${height}x${channels} image, not ${bytes.length}.`);
  const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: channels === 2 || channels === 4 });
  png.data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: channels === 2 || channels === 4 });
}

/** The image in a PNG file, as bytes with the channels it was written with (grey: 1, RGB: 3, …). */
export function decodePng(file: Buffer): { width: number; height: number; channels: number; bytes: Uint8Array } {
  const png = PNG.sync.read(file);
  const channels = png.colorType === 0 ? 1 : png.colorType === 4 ? 2 : png.colorType === 2 ? 3 : 4;
  const { width, height } = png;
  // pngjs always hands out RGBA; keep the channels the file had
  const bytes = new Uint8Array(width * height * channels);
  const take = channels === 1 ? [0] : channels === 2 ? [0, 3] : channels === 3 ? [0, 1, 2] : [0, 1, 2, 3];
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < channels; c++) bytes[p * channels + c] = png.data[p * 4 + take[c]!]!;
  }
  return { width, height, channels, bytes };
}

/** An NPY (version 1.0) file of float32 values with the given shape. */
export function encodeNpyFloat32(values: Float32Array, shape: readonly number[]): Buffer {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) throw new Error(`Shape [${shape.join(', ')}] holds ${size} values, not ${values.length}.`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of
  // 64 bytes and ended by a newline, so the data starts aligned
  const unpadded = 10 + header.length + 1;
  header = header + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = Buffer.alloc(10 + header.length + values.length * 4);
  out.write('\x93NUMPY', 0, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  const data = new DataView(out.buffer, out.byteOffset + 10 + header.length, values.length * 4);
  for (let i = 0; i < values.length; i++) data.setFloat32(i * 4, values[i]!, true);
  return out;
}
