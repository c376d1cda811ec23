/** An in-memory image dataset with its train/validation split, which each source defines (DESIGN.md). */
import type { DatasetSummary } from '../../protocol';

/** Images as uint8 intensities, row-major [count, height, width, channels]. */
export interface ImageSet {
  summary: DatasetSummary;
  /** count * width * height * channels bytes, 0..255 */
  images: Uint8Array;
  /** one label per image, or null when unlabeled */
  labels: Uint8Array | null;
  /** indices into `images` of the training split */
  trainIndices: Int32Array;
  /** indices into `images` of the validation split */
  valIndices: Int32Array;
}

/** mnist-10k's canonical split (DESIGN.md): index i is validation when i % 5 == 0. */
export function canonicalSplit(count: number): { trainIndices: Int32Array; valIndices: Int32Array } {
  const valCount = Math.ceil(count / 5);
  const valIndices = new Int32Array(valCount);
  const trainIndices = new Int32Array(count - valCount);
  let v = 0;
  let t = 0;
  for (let i = 0; i < count; i++) {
    if (i % 5 === 0) valIndices[v++] = i;
    else trainIndices[t++] = i;
  }
  return { trainIndices, valIndices };
}

/** A split for data published as a training part then a test part: the first `trainCount`
 * images train, the rest validate. */
export function leadingSplit(count: number, trainCount: number): { trainIndices: Int32Array; valIndices: Int32Array } {
  const trainIndices = new Int32Array(trainCount);
  const valIndices = new Int32Array(count - trainCount);
  for (let i = 0; i < trainIndices.length; i++) trainIndices[i] = i;
  for (let i = 0; i < valIndices.length; i++) valIndices[i] = trainCount + i;
  return { trainIndices, valIndices };
}

/** Copies the images at `indices` into a float batch in [0, 1], ready for a tensor. */
export function gatherBatch(set: ImageSet, indices: ArrayLike<number>, from = 0, to = indices.length): Float32Array {
  const size = set.summary.width * set.summary.height * set.summary.channels;
  const out = new Float32Array((to - from) * size);
  for (let row = 0; row < to - from; row++) {
    const start = indices[from + row]! * size;
    for (let k = 0; k < size; k++) out[row * size + k] = set.images[start + k]! / 255;
  }
  return out;
}
