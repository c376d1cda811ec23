/**
 * Per-sample anomaly scores of a trained model on a dataset split, computed in batches with
 * progress: reconstruction BCE (mean per pixel) and MSE for every model with an encoder
 * (a VAE reconstructs from its mean code), and for VAEs the negative ELBO of each sample.
 */
import * as tf from '@tensorflow/tfjs';
import { WorkbenchError } from '../../../protocol';
import { gatherBatch } from '../../data/image-set';
import type { ImageSet } from '../../data/image-set';
import { perSampleBce } from '../../inference/dataset-lens';
import type { TrainableModel } from '../../models';

export const ANOMALY_SPLITS = ['train', 'val', 'all'] as const;
export type AnomalySplit = (typeof ANOMALY_SPLITS)[number];

export const SCORE_KINDS = ['bce', 'mse', 'elbo'] as const;
/** Which score ranks samples: reconstruction BCE, MSE, or (VAEs) the negative ELBO. */
export type ScoreKind = (typeof SCORE_KINDS)[number];

/** Scores of every sample of a split, in the split's order (higher = more anomalous). */
export interface AnomalyScores {
  datasetId: string;
  split: AnomalySplit;
  /** positions in the dataset */
  indices: Int32Array;
  /** the samples' labels, null when the dataset has none */
  labels: Uint8Array | null;
  /** binary cross-entropy between image and reconstruction, mean per pixel */
  bce: Float32Array;
  /** squared error between image and reconstruction, mean per pixel */
  mse: Float32Array;
  /** VAEs only, else null: negative ELBO in nats, a Monte Carlo estimate from
   * ELBO_DRAWS draws of the code (see `negativeElbo`) */
  negElbo: Float32Array | null;
}

export interface ScoreOptions {
  split: AnomalySplit;
  /** told after every batch */
  onProgress?: (done: number, total: number) => void;
  /** aborting stops between two batches (the promise rejects with the signal's reason) */
  signal?: AbortSignal;
}

/** Images per batch; smaller with an ELBO, which goes one sample at a time, so that the
 * engine answers other requests (and sees an abort) at least every ~0.1 s. */
const BATCH = 250;
const ELBO_BATCH = 50;
/** Codes drawn per sample for its ELBO estimate. */
export const ELBO_DRAWS = 8;

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The dataset positions of a split; `all` is every image, in dataset order. */
export function splitIndices(dataset: ImageSet, split: AnomalySplit): Int32Array {
  if (split === 'train') return dataset.trainIndices;
  if (split === 'val') return dataset.valIndices;
  return Int32Array.from({ length: dataset.summary.count }, (_, i) => i);
}

/** The labels of a split's samples, in its order; null when the dataset has none. */
export function splitLabels(dataset: ImageSet, indices: Int32Array): Uint8Array | null {
  const { labels } = dataset;
  return labels ? Uint8Array.from(indices, (i) => labels[i]!) : null;
}

/** Whether a model reports a negative ELBO as its loss (DESIGN.md's VAE families). */
export function hasElbo(model: TrainableModel): boolean {
  return model.kind === 'vae' || model.kind === 'conv-vae';
}

/**
 * Scores every sample of `dataset`'s split with `model`, trained on images shaped like
 * `trainedOn`'s. Throws a WorkbenchError when the model cannot reconstruct (a GAN) or the
 * images have another shape.
 */
export async function scoreAnomalies(model: TrainableModel, trainedOn: ImageSet, dataset: ImageSet, options: ScoreOptions): Promise<AnomalyScores> {
  const reconstruct = model.reconstruct?.bind(model);
  if (!reconstruct) throw new WorkbenchError('bad-request', `A ${model.kind} has no encoder, so it cannot score samples by how well it reconstructs them.`);
  const shape = ({ width, height, channels }: ImageSet['summary']) => `${width}×${height}×${channels}`;
  if (shape(trainedOn.summary) !== shape(dataset.summary)) {
    throw new WorkbenchError('bad-request', `The model takes ${shape(trainedOn.summary)} images (${trainedOn.summary.id}); ${dataset.summary.id}'s are ${shape(dataset.summary)}.`);
  }
  const indices = splitIndices(dataset, options.split);
  const pixels = dataset.summary.width * dataset.summary.height * dataset.summary.channels;
  const bce = new Float32Array(indices.length);
  const mse = new Float32Array(indices.length);
  const negElbo = hasElbo(model) ? new Float32Array(indices.length) : null;
  const batch = negElbo ? ELBO_BATCH : BATCH;
  for (let from = 0; from < indices.length; from += batch) {
    options.signal?.throwIfAborted();
    const to = Math.min(from + batch, indices.length);
    const x = tf.tensor2d(gatherBatch(dataset, indices, from, to), [to - from, pixels]);
    const [b, m, e] = tf.tidy(() => {
      const reconstruction = reconstruct(x);
      const errors = [perSampleBce(x, reconstruction), tf.mean(tf.squaredDifference(x, reconstruction), 1)];
      return negElbo ? [...errors, negativeElbo(model, x)] : errors;
    });
    bce.set(await b!.data(), from);
    mse.set(await m!.data(), from);
    if (e) negElbo!.set(await e.data(), from);
    tf.dispose([x, b!, m!, e]);
    options.onProgress?.(to, indices.length);
    await nextTick();
  }
  return { datasetId: dataset.summary.id, split: options.split, indices, labels: splitLabels(dataset, indices), bce, mse, negElbo };
}

/**
 * Each row's negative ELBO, -E_q(z|x)[log p(x|z)] + KL(q(z|x) || N(0, I)), in nats. The
 * model's own `evaluate` reports it as `loss` averaged over a batch, with the expectation
 * estimated by one reparameterised draw per row; a batch of ELBO_DRAWS copies of one image
 * therefore gives that image's ELBO averaged over ELBO_DRAWS draws (the KL term is exact).
 * Decoding the mean code instead would not be the ELBO.
 */
function negativeElbo(model: TrainableModel, x: tf.Tensor2D): tf.Tensor1D {
  const rows: tf.Scalar[] = [];
  for (let r = 0; r < x.shape[0]; r++) {
    const copies = tf.tile(tf.slice(x, [r, 0], [1, -1]), [ELBO_DRAWS, 1]);
    // the epoch only weighs a VAE's KL term in training; evaluation reports the true ELBO
    const { loss, ...others } = model.evaluate(copies, { epoch: 1 });
    // the caller frees evaluate's metrics: they may have escaped tidy (tf.keep)
    tf.dispose(Object.values(others));
    rows.push(loss);
  }
  const negElbo = tf.stack(rows) as tf.Tensor1D;
  tf.dispose(rows);
  return negElbo;
}
