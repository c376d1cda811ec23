/** For tests: NPY files, PNG/JPEG folders and IDX files whose every pixel is known. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** An NPY v1 file of `descr` (e.g. "|u1", "<f4") and `shape` around the raw `data` bytes;
 * `shapeText` overrides the declared shape (to make a header lie). */
export function npyBytes(descr: string, shape: number[], data: Uint8Array, shapeText?: string): Uint8Array {
  const declared = shapeText ?? `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${declared}, }`;
  // pad so the data starts on a 64-byte boundary, as numpy does
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

/** Float32 values as little-endian bytes. */
export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** A solid-grey PNG (or JPEG) of the size given, written to `path`. */
export async function writeImage(path: string, width: number, height: number, grey: number, kind: 'png' | 'jpeg' = 'png'): Promise<void> {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([grey, grey, grey, 255], 4 * i);
  if (kind === 'png') {
    const png = new PNG({ width, height });
    png.data = Buffer.from(rgba);
    await writeFile(path, PNG.sync.write(png));
  } else {
    await writeFile(path, jpeg.encode({ width, height, data: rgba }, 95).data);
  }
}

/** A folder with one subfolder per class, `perClass` images each, grey level 40 x (class + 1). */
export async function writeClassFolder(root: string, classes: string[], perClass: number, side: number): Promise<void> {
  for (const [c, name] of classes.entries()) {
    await mkdir(join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) await writeImage(join(root, name, `${i}.${i % 2 === 0 ? 'png' : 'jpg'}`), side, side, 40 * (c + 1), i % 2 === 0 ? 'png' : 'jpeg');
  }
}
