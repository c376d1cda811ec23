/**
 * The k-nearest-neighbour graph UMAP starts from: each point's k nearest points, itself
 * first at distance 0, nearest first. Exact search for small sets; NN-descent (nn-descent.ts)
 * beyond, where an exact search grows with the square of the count.
 */
import { nnDescent } from './nn-descent';
import type { TimeSlicer } from './time-slicer';

/** Distances between codes. Cosine distance is 1 - cos(angle). */
export type Metric = 'euclidean' | 'cosine';

/** Every point's k nearest points (itself first), row-major [count, k], nearest first. */
export interface Knn {
  k: number;
  indices: Int32Array;
  distances: Float32Array;
}

/** Up to this many points the exact search costs under ~a second here; above, NN-descent. */
export const EXACT_KNN_MAX = 4096;

/** Reports how far a search has got. */
export type ProgressFn = (done: number, total: number) => void;

/** The codes to search with squared Euclidean distance: for cosine, the unit-length codes,
 * whose squared distance is 2 (1 - cos). */
export function searchSpace(codes: Float32Array, dim: number, metric: Metric): Float32Array {
  if (metric === 'euclidean') return codes;
  const unit = new Float32Array(codes.length);
  for (let start = 0; start < codes.length; start += dim) {
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += codes[start + j]! ** 2;
    // a zero code has no direction; it stays at the origin, at distance 1 from all others
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < dim; j++) unit[start + j] = codes[start + j]! * scale;
  }
  return unit;
}

/** The metric's distance for a squared Euclidean distance in `searchSpace`. */
function metricDistance(squared: number, metric: Metric): number {
  return metric === 'euclidean' ? Math.sqrt(squared) : squared / 2;
}

/** The k nearest neighbours (self included) of every row of `codes` ([count, dim]). */
export async function nearestNeighbours(
  codes: Float32Array,
  dim: number,
  k: number,
  metric: Metric,
  random: () => number,
  slicer: TimeSlicer,
  onProgress: ProgressFn = () => undefined,
): Promise<Knn> {
  const count = codes.length / dim;
  if (k < 1 || k > count) throw new Error(`Cannot find ${k} neighbours among ${count} points.`);
  const data = searchSpace(codes, dim, metric);
  const others = count <= EXACT_KNN_MAX
    ? await exactOthers(data, dim, k - 1, slicer, onProgress)
    : await nnDescent(data, dim, k - 1, random, slicer, onProgress);
  const indices = new Int32Array(count * k);
  const distances = new Float32Array(count * k);
  for (let i = 0; i < count; i++) {
    indices[i * k] = i;
    for (let t = 1; t < k; t++) {
      indices[i * k + t] = others.indices[i * (k - 1) + t - 1]!;
      distances[i * k + t] = metricDistance(others.squared[i * (k - 1) + t - 1]!, metric);
    }
  }
  return { k, indices, distances };
}

/** Each point's `k` nearest other points and their squared distances, nearest first. */
export interface Neighbours {
  indices: Int32Array;
  squared: Float32Array;
}

/** Brute force: every pair once. Also the reference NN-descent is tested against. */
export async function exactOthers(
  data: Float32Array,
  dim: number,
  k: number,
  slicer?: TimeSlicer,
  onProgress: ProgressFn = () => undefined,
): Promise<Neighbours> {
  const count = data.length / dim;
  const indices = new Int32Array(count * k).fill(-1);
  const squared = new Float32Array(count * k).fill(Infinity);
  for (let i = 0; i < count; i++) {
    const base = i * k;
    for (let m = 0; m < count; m++) {
      if (m === i) continue;
      let sum = 0;
      for (let j = 0; j < dim; j++) {
        const diff = data[i * dim + j]! - data[m * dim + j]!;
        sum += diff * diff;
      }
      if (sum >= squared[base + k - 1]!) continue;
      // insertion into a short sorted row
      let p = k - 1;
      while (p > 0 && squared[base + p - 1]! > sum) {
        squared[base + p] = squared[base + p - 1]!;
        indices[base + p] = indices[base + p - 1]!;
        p--;
      }
      squared[base + p] = sum;
      indices[base + p] = m;
    }
    if ((i & 63) === 63) {
      onProgress(i + 1, count);
      await slicer?.maybeYield();
    }
  }
  onProgress(count, count);
  return { indices, squared };
}
