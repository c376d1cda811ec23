/**
 * How a run uses its latent dimensions, from the codes of (a spread sample of) its
 * validation images: for a VAE the mean KL of each dimension's posterior to the prior (an
 * unused dimension collapses to the prior and costs ~0 nats), otherwise the variance of each
 * dimension's code; the mean code, and one mean code per label for arithmetic on groups
 * ("mean of the 7s").
 */
import * as tf from '@tensorflow/tfjs';
import type { LatentStats } from '../../protocol';
import { gatherBatch } from '../data/image-set';
import type { ImageSet } from '../data/image-set';
import type { TrainableModel } from '../models';
import { spreadSample } from '../training/train-loop';

/** Images encoded at most: enough for stable variances, quick even for conv models on wasm. */
export const STATS_SAMPLES = 2000;
const BATCH = 500;

/** Encodes up to STATS_SAMPLES validation images and summarises their codes. */
export async function latentStats(model: TrainableModel, dataset: ImageSet, weights: string): Promise<LatentStats> {
  const dim = model.latentDim;
  const { encode } = model;
  if (!encode) return { dim, measure: 'none', samples: 0, usage: null, mean: null, groups: [], weights };
  const indices = spreadSample(dataset.valIndices, STATS_SAMPLES);
  const codes = new Float32Array(indices.length * dim);
  const kl = model.encodeGaussian ? new Float64Array(dim) : null;
  const pixels = dataset.summary.width * dataset.summary.height * dataset.summary.channels;
  for (let from = 0; from < indices.length; from += BATCH) {
    const to = Math.min(from + BATCH, indices.length);
    const x = tf.tensor2d(gatherBatch(dataset, indices, from, to), [to - from, pixels]);
    if (kl) {
      const [mu, logVar] = model.encodeGaussian!(x);
      const [m, lv] = [(await mu.data()) as Float32Array, (await logVar.data()) as Float32Array];
      tf.dispose([mu, logVar]);
      codes.set(m, from * dim);
      addGaussianKl(kl, m, lv, dim);
    } else {
      const z = tf.tidy(() => encode.call(model, x));
      codes.set((await z.data()) as Float32Array, from * dim);
      z.dispose();
    }
    x.dispose();
  }
  const labels = dataset.labels ? Uint8Array.from(indices, (i) => dataset.labels![i]!) : null;
  const summary = summariseCodes(codes, dim, labels, dataset.summary.classNames);
  if (!kl) return { dim, measure: 'variance', samples: indices.length, ...summary, weights };
  const usage = Float32Array.from(kl, (sum) => sum / indices.length);
  return { dim, measure: 'kl', samples: indices.length, ...summary, usage, weights };
}

/** Adds each row's KL(N(mu, exp(logVar)) || N(0, 1)) per dimension into `sums`. */
export function addGaussianKl(sums: Float64Array, mu: Float32Array, logVar: Float32Array, dim: number): void {
  for (let i = 0; i < mu.length; i++) {
    const lv = logVar[i]!;
    sums[i % dim]! += 0.5 * (mu[i]! ** 2 + Math.exp(lv) - lv - 1);
  }
}

/** Per-dimension variance and mean of row-major codes, and the mean code of each label. */
export function summariseCodes(
  codes: Float32Array,
  dim: number,
  labels: Uint8Array | null,
  classNames: readonly string[] | undefined,
): Pick<LatentStats, 'usage' | 'mean' | 'groups'> {
  const n = codes.length / dim;
  const mean = new Float64Array(dim);
  const groupSums = new Map<number, { count: number; sum: Float64Array }>();
  for (let r = 0; r < n; r++) {
    const label = labels?.[r];
    let group = label === undefined ? undefined : groupSums.get(label);
    if (label !== undefined && !group) groupSums.set(label, (group = { count: 0, sum: new Float64Array(dim) }));
    if (group) group.count++;
    for (let j = 0; j < dim; j++) {
      const v = codes[r * dim + j]!;
      mean[j]! += v;
      if (group) group.sum[j]! += v;
    }
  }
  for (let j = 0; j < dim; j++) mean[j]! /= Math.max(1, n);
  const usage = new Float32Array(dim);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < dim; j++) usage[j]! += (codes[r * dim + j]! - mean[j]!) ** 2;
  }
  for (let j = 0; j < dim; j++) usage[j] = usage[j]! / Math.max(1, n - 1);
  const groups = [...groupSums]
    .sort(([a], [b]) => a - b)
    .map(([label, { count, sum }]) => ({
      label,
      name: classNames?.[label] ?? null,
      count,
      mean: Float32Array.from(sum, (s) => s / count),
    }));
  return { usage, mean: Float32Array.from(mean), groups };
}
