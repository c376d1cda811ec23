/**
 * Places new codes on a finished map without refitting it. PCA and the latent plane are
 * linear, so a code lands exactly where it would have been fitted. UMAP places it as
 * umap-learn's `transform` initialises new points: the mean of its k nearest training
 * points' positions, weighted by UMAP's own memberships exp(-(d - rho) / sigma) with sigma
 * chosen so the weights sum to log2(k) (smoothKnnDistances). A training code's nearest
 * neighbour is itself, with the largest weight, so it lands near its own position.
 */
import { smoothKnnDistances } from './fuzzy-graph';
import { searchSpace } from './knn';
import type { Metric } from './knn';
import type { ProjectionMethod } from '../../protocol';

/** What a map keeps to place new codes. */
export interface MapModel {
  method: ProjectionMethod;
  dim: number;
  metric: Metric;
  /** the fitted codes, row-major [count, dim] */
  codes: Float32Array;
  /** their final layout, row-major [count, 2] */
  coords: Float32Array;
  /** PCA: the mean code and the two axes (row-major [2, dim]) */
  pca: { mean: Float64Array; axes: Float64Array } | null;
}

/** Neighbours a UMAP placement averages over, as umap-learn's default n_neighbors. */
export const PLACE_NEIGHBOURS = 15;

/** The positions of `codes` (row-major [k, dim]) on the map, row-major [k, 2]. */
export function placeCodes(model: MapModel, codes: Float32Array): Float32Array {
  const { dim } = model;
  const count = codes.length / dim;
  if (!Number.isInteger(count) || count < 1) throw new Error(`Codes to place must hold a multiple of the map's ${dim} dimensions.`);
  const out = new Float32Array(count * 2);
  if (model.method === 'latent') {
    if (dim !== 2) throw new Error('The latent plane holds 2-D codes only.');
    out.set(codes);
  } else if (model.method === 'pca' && model.pca) {
    const { mean, axes } = model.pca;
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < 2; c++) {
        let sum = 0;
        for (let j = 0; j < dim; j++) sum += (codes[i * dim + j]! - mean[j]!) * axes[c * dim + j]!;
        out[2 * i + c] = sum;
      }
    }
  } else {
    placeByNeighbours(model, codes, out);
  }
  return out;
}

/** UMAP's (and an imported layout's) placement: the membership-weighted mean of the nearest
 * fitted points' positions. */
function placeByNeighbours(model: MapModel, codes: Float32Array, out: Float32Array): void {
  const { dim, metric } = model;
  const fitted = searchSpace(model.codes, dim, metric);
  const queries = searchSpace(codes, dim, metric);
  const total = fitted.length / dim;
  const k = Math.min(PLACE_NEIGHBOURS, total);
  const count = queries.length / dim;
  for (let q = 0; q < count; q++) {
    const { indices, distances } = nearest(fitted, dim, queries.subarray(q * dim, (q + 1) * dim), k, metric);
    // smoothKnnDistances expects each row to start with the point itself at distance 0
    const row = new Float32Array(k + 1);
    row.set(distances, 1);
    const { sigmas, rhos } = smoothKnnDistances({ k: k + 1, indices: new Int32Array(k + 1), distances: row }, 1);
    let x = 0;
    let y = 0;
    let sum = 0;
    for (let t = 0; t < k; t++) {
      const over = distances[t]! - rhos[0]!;
      const weight = over > 0 ? Math.exp(-over / sigmas[0]!) : 1;
      x += weight * model.coords[2 * indices[t]!]!;
      y += weight * model.coords[2 * indices[t]! + 1]!;
      sum += weight;
    }
    out[2 * q] = x / sum;
    out[2 * q + 1] = y / sum;
  }
}

/** The k fitted rows nearest `query` (brute force: one query costs one pass), nearest first,
 * with their distances in the metric. */
function nearest(fitted: Float32Array, dim: number, query: Float32Array, k: number, metric: Metric): { indices: Int32Array; distances: Float32Array } {
  const indices = new Int32Array(k).fill(-1);
  const squared = new Float64Array(k).fill(Infinity);
  const total = fitted.length / dim;
  for (let m = 0; m < total; m++) {
    let sum = 0;
    for (let j = 0; j < dim; j++) {
      const diff = query[j]! - fitted[m * dim + j]!;
      sum += diff * diff;
    }
    if (sum >= squared[k - 1]!) continue;
    let p = k - 1;
    while (p > 0 && squared[p - 1]! > sum) {
      squared[p] = squared[p - 1]!;
      indices[p] = indices[p - 1]!;
      p--;
    }
    squared[p] = sum;
    indices[p] = m;
  }
  const distances = Float32Array.from(squared, (s) => (metric === 'euclidean' ? Math.sqrt(s) : s / 2));
  return { indices, distances };
}
