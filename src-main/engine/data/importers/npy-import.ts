/**
 * Imports an NPY array of images: uint8 (0..255) or float32 (0..1, or 0..255 when a value
 * exceeds 1), shaped [N, H, W], [N, H, W, C] or [N, H*W] with the side given (or square).
 * The data is streamed from disk in chunks; float32 is read twice (range, then conversion)
 * rather than held in memory.
 */
import { createReadStream } from 'node:fs';
import { readLabelsFile } from './labels';
import { checkImageShape, ImportError, throwIfCancelled } from './import-common';
import type { ImportContext, ImportedImages } from './import-common';
import { checkNpyLength, readNpyHeader } from './npy';
import type { NpyHeader } from './npy';

export interface NpyImportOptions {
  path: string;
  labelsPath?: string | undefined;
  /** height and width of flat [N, H*W] rows; absent: square rows */
  height?: number | undefined;
  width?: number | undefined;
}

interface Shape {
  count: number;
  height: number;
  width: number;
  channels: number;
}

function imageShape(options: NpyImportOptions, header: NpyHeader): Shape {
  const { path } = options;
  const [count = 0, a = 0, b, c] = header.shape;
  if (header.shape.length === 3) return { count, height: a, width: b!, channels: 1 };
  if (header.shape.length === 4) return { count, height: a, width: b!, channels: c! };
  if (header.shape.length === 2) {
    if (options.height !== undefined && options.width !== undefined) {
      if (options.height * options.width !== a) {
        throw new ImportError(path, `has rows of ${a} values, which are not ${options.height}x${options.width} images (${options.height * options.width} values)`);
      }
      return { count, height: options.height, width: options.width, channels: 1 };
    }
    const side = Math.round(Math.sqrt(a));
    if (side * side !== a) throw new ImportError(path, `has rows of ${a} values, which are not square images; give the height and width (--shape HxW)`);
    return { count, height: side, width: side, channels: 1 };
  }
  throw new ImportError(path, `has shape (${header.shape.join(', ')}); expected images shaped [N, H, W], [N, H, W, C] or [N, H*W]`);
}

/** The data bytes, streamed in chunks whose length is a multiple of `itemSize`. */
async function* chunks(path: string, header: NpyHeader, signal: AbortSignal): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { start: header.dataOffset, highWaterMark: 1 << 20 });
  let carry = new Uint8Array(0);
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      throwIfCancelled(signal);
      let data: Uint8Array = piece;
      if (carry.length > 0) {
        const joined = new Uint8Array(carry.length + piece.length);
        joined.set(carry);
        joined.set(piece, carry.length);
        data = joined;
      }
      const whole = data.length - (data.length % header.itemSize);
      carry = data.slice(whole);
      yield data.subarray(0, whole);
    }
  } finally {
    stream.destroy();
  }
}

export async function importNpy(options: NpyImportOptions, context: ImportContext): Promise<ImportedImages> {
  const { path } = options;
  const header = await readNpyHeader(path);
  if (header.dtype !== 'uint8' && header.dtype !== 'float32') {
    throw new ImportError(path, `holds ${header.descr} values; images must be uint8 (0..255) or float32 (0..1), e.g. a.astype(np.float32) / 255`);
  }
  const shape = imageShape(options, header);
  checkImageShape(path, shape.count, shape.height, shape.width, shape.channels);
  checkNpyLength(path, header);
  const labels = options.labelsPath === undefined ? null : await readLabelsFile(options.labelsPath, shape.count, path);
  const imageValues = shape.height * shape.width * shape.channels;
  if (header.dtype === 'uint8') {
    let done = 0;
    for await (const chunk of chunks(path, header, context.signal)) {
      await context.append(chunk);
      done += chunk.length;
      context.progress('read', Math.floor(done / imageValues), shape.count, path);
    }
  } else {
    const scale = 255 / (await floatMaximum(path, header, shape.count * imageValues, context));
    let done = 0;
    for await (const chunk of chunks(path, header, context.signal)) {
      const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const out = new Uint8Array(chunk.length / 4);
      for (let i = 0; i < out.length; i++) out[i] = Math.round(view.getFloat32(4 * i, header.littleEndian) * scale);
      await context.append(out);
      done += out.length;
      context.progress('convert', Math.floor(done / imageValues), shape.count, path);
    }
  }
  return { ...shape, labels };
}

/** 1 when the floats are within 0..1, 255 when within 0..255; refuses anything else. */
async function floatMaximum(path: string, header: NpyHeader, total: number, context: ImportContext): Promise<number> {
  let max = 0;
  let done = 0;
  for await (const chunk of chunks(path, header, context.signal)) {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let i = 0; i < chunk.length / 4; i++) {
      const v = view.getFloat32(4 * i, header.littleEndian);
      // NaN fails the test too
      if (!(v >= 0 && v <= 255)) throw new ImportError(path, `holds the value ${v} at index ${done + i}; float32 pixels must lie in 0..1 (or 0..255)`);
      if (v > max) max = v;
    }
    done += chunk.length / 4;
    context.progress('scan', done, total, path);
  }
  return max > 1 ? 255 : 1;
}
