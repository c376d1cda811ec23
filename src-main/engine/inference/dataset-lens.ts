/**
 * What a drawing is compared against: the validation split's reconstruction errors (for
 * the anomaly percentile) and the training split's latent codes (for nearest neighbours),
 * computed once per set of weights.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherBatch } from '../data/image-set';
import type { ImageSet } from '../data/image-set';
import type { TrainableModel } from '../models';

const BATCH = 500;

export interface DatasetLens {
  /** per-sample mean BCE of the validation split, ascending */
  sortedValErrors: Float32Array;
  /** training split codes, row-major [trainIndices.length, latentDim]; null without an encoder */
  trainCodes: Float32Array | null;
}

/** Mean BCE per pixel of each row: how badly each image is reconstructed. */
export function perSampleBce(x: tf.Tensor2D, reconstruction: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const p = tf.clipByValue(reconstruction, 1e-7, 1 - 1e-7);
    const terms = tf.add(tf.mul(x, tf.log(p)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, p))));
    return tf.neg(tf.mean(terms, 1)) as tf.Tensor1D;
  });
}

export async function computeLens(model: TrainableModel, dataset: ImageSet): Promise<DatasetLens> {
  const pixels = dataset.summary.width * dataset.summary.height * dataset.summary.channels;
  const { reconstruct, encode } = model;
  const errors = new Float32Array(dataset.valIndices.length);
  if (reconstruct) {
    await inBatches(dataset, dataset.valIndices, pixels, async (x, from) => {
      const e = tf.tidy(() => perSampleBce(x, reconstruct.call(model, x)));
      errors.set(await e.data(), from);
      e.dispose();
    });
  }
  let trainCodes: Float32Array | null = null;
  if (encode) {
    const codes = new Float32Array(dataset.trainIndices.length * model.latentDim);
    await inBatches(dataset, dataset.trainIndices, pixels, async (x, from) => {
      const z = encode.call(model, x);
      codes.set(await z.data(), from * model.latentDim);
      z.dispose();
    });
    trainCodes = codes;
  }
  return { sortedValErrors: errors.sort(), trainCodes };
}

async function inBatches(
  dataset: ImageSet,
  indices: Int32Array,
  pixels: number,
  each: (x: tf.Tensor2D, from: number) => Promise<void>,
): Promise<void> {
  for (let from = 0; from < indices.length; from += BATCH) {
    const to = Math.min(from + BATCH, indices.length);
    const x = tf.tensor2d(gatherBatch(dataset, indices, from, to), [to - from, pixels]);
    await each(x, from);
    x.dispose();
  }
}

/** 0..100: the share of `sorted` values below `value` (binary search). */
export function percentileOf(sorted: Float32Array, value: number): number {
  if (sorted.length === 0) return 0;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return (lo / sorted.length) * 100;
}

/** The k rows of `codes` nearest to `query` (Euclidean), nearest first. */
export function nearestRows(codes: Float32Array, dim: number, query: Float32Array, k: number): Array<{ row: number; distance: number }> {
  if (k <= 0) return [];
  const rows = codes.length / dim;
  const best: Array<{ row: number; distance: number }> = [];
  for (let r = 0; r < rows; r++) {
    let d2 = 0;
    for (let j = 0; j < dim; j++) {
      const diff = codes[r * dim + j]! - query[j]!;
      d2 += diff * diff;
    }
    if (best.length < k || d2 < best[best.length - 1]!.distance) {
      // insertion into a short sorted list: k is small (<= 64)
      let i = best.length;
      while (i > 0 && best[i - 1]!.distance > d2) i--;
      best.splice(i, 0, { row: r, distance: d2 });
      if (best.length > k) best.pop();
    }
  }
  return best.map(({ row, distance }) => ({ row, distance: Math.sqrt(distance) }));
}
