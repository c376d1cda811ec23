/**
 * Runs a projection's images through a run's model in batches: each image's latent code and
 * its reconstruction error (mean binary cross-entropy per pixel, as the Draw view scores a
 * drawing), yielding between batches so training keeps its turn.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherBatch } from '../data/image-set';
import type { ImageSet } from '../data/image-set';
import { perSampleBce } from '../inference/dataset-lens';
import type { TrainableModel } from '../models';
import type { TimeSlicer } from './time-slicer';

/** Per-point data of an encoded set of images, index-aligned. */
export interface EncodedPoints {
  indices: Int32Array;
  labels: Uint8Array | null;
  errors: Float32Array;
  /** row-major [count, dim] */
  codes: Float32Array;
  dim: number;
}

const BATCH = 256;

/** Encodes the images at `indices` (the model must have an encoder). */
export async function encodePoints(
  model: TrainableModel,
  dataset: ImageSet,
  indices: Int32Array,
  slicer: TimeSlicer,
  onProgress: (done: number, total: number) => void,
): Promise<EncodedPoints> {
  const { encode } = model;
  if (!encode) throw new Error(`A ${model.kind} model has no encoder.`);
  const { width, height, channels } = dataset.summary;
  const pixels = width * height * channels;
  const dim = model.latentDim;
  const count = indices.length;
  const codes = new Float32Array(count * dim);
  const errors = new Float32Array(count);
  for (let from = 0; from < count; from += BATCH) {
    const to = Math.min(count, from + BATCH);
    const [z, e] = tf.tidy(() => {
      const x = tf.tensor2d(gatherBatch(dataset, indices, from, to), [to - from, pixels]);
      const code = encode.call(model, x);
      // the decode of the (mean) code is the reconstruction, as in the Draw view
      return [code, perSampleBce(x, model.decode(code))];
    });
    try {
      codes.set(await z.data(), from * dim);
      errors.set(await e.data(), from);
    } finally {
      tf.dispose([z, e]);
    }
    onProgress(to, count);
    await slicer.maybeYield();
  }
  const labels = dataset.labels ? Uint8Array.from(indices, (i) => dataset.labels![i]!) : null;
  return { indices, labels, errors, codes, dim };
}
