/**
 * For tests: a small folder laid out like Debian's Fashion-MNIST (the four gzipped IDX files),
 * so the real loading code runs on machines without the package and on data whose every
 * pixel and label is known.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeIdx } from './idx';
import type { IdxArray } from './idx';

/** Pixel k of image i of a fixture (train images first, then test). */
export function fixturePixel(image: number, k: number): number {
  return (image * 7 + k) % 256;
}

/** Label of image i of a fixture. */
export function fixtureLabel(image: number): number {
  return (image * 3) % 10;
}

/** Writes `train` + `test` images of side x side into a new temporary folder; `edit` may
 * change any file's array (or its bytes) before it is written. */
export async function fakeFashionMnist(
  train: number,
  test: number,
  edit: (file: string, array: IdxArray) => IdxArray | Uint8Array = (_, array) => array,
  side = 28,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'latent-fashion-'));
  const parts: [string, number, number][] = [
    ['train', 0, train],
    ['t10k', train, test],
  ];
  for (const [prefix, first, count] of parts) {
    const images = new Uint8Array(count * side * side);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < side * side; k++) images[i * side * side + k] = fixturePixel(first + i, k);
    }
    const labels = Uint8Array.from({ length: count }, (_, i) => fixtureLabel(first + i));
    const files: [string, IdxArray][] = [
      [`${prefix}-images-idx3-ubyte.gz`, { dtype: 'uint8', shape: [count, side, side], data: images }],
      [`${prefix}-labels-idx1-ubyte.gz`, { dtype: 'uint8', shape: [count], data: labels }],
    ];
    for (const [file, array] of files) {
      const edited = edit(file, array);
      await writeFile(join(dir, file), edited instanceof Uint8Array ? edited : writeIdx(edited, { gzip: true }));
    }
  }
  return dir;
}
