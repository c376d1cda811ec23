/**
 * UMAP's fuzzy simplicial set: each point's kNN distances become membership strengths
 * (exp(-(d - rho) / sigma), with sigma found so that they sum to log2(k)), and the directed
 * graph is symmetrised by fuzzy union, w = a + b - a b. Same arithmetic as umap-learn and
 * umap-js, on typed arrays instead of string-keyed maps.
 */
import type { Knn } from './knn';

/** Edges of the symmetric graph, each direction listed once. */
export interface FuzzyGraph {
  count: number;
  head: Int32Array;
  tail: Int32Array;
  weights: Float32Array;
}

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;
const BINARY_SEARCH_STEPS = 64;

/** Each point's rho (distance to its nearest other point) and sigma (the scale that makes
 * its memberships sum to log2(k)); rows as in `Knn`, self first. */
export function smoothKnnDistances(knn: Knn, count: number): { sigmas: Float64Array; rhos: Float64Array } {
  const { k, distances } = knn;
  const target = Math.log2(k);
  const sigmas = new Float64Array(count);
  const rhos = new Float64Array(count);
  let meanAll = 0;
  for (let i = 0; i < distances.length; i++) meanAll += distances[i]!;
  meanAll /= distances.length;

  for (let i = 0; i < count; i++) {
    const base = i * k;
    let rho = 0;
    let mean = 0;
    for (let t = 0; t < k; t++) {
      const d = distances[base + t]!;
      mean += d;
      // local connectivity 1: rho is the first non-zero distance
      if (rho === 0 && d > 0) rho = d;
    }
    mean /= k;
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let step = 0; step < BINARY_SEARCH_STEPS; step++) {
      let sum = 0;
      for (let t = 1; t < k; t++) {
        const d = distances[base + t]! - rho;
        sum += d > 0 ? Math.exp(-d / mid) : 1;
      }
      if (Math.abs(sum - target) < SMOOTH_K_TOLERANCE) break;
      if (sum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? mean : meanAll);
    sigmas[i] = Math.max(mid, floor);
    rhos[i] = rho;
  }
  return { sigmas, rhos };
}

/** The symmetric fuzzy graph of a kNN graph (self first in each row). */
export function fuzzySimplicialSet(knn: Knn, count: number): FuzzyGraph {
  const { k, indices, distances } = knn;
  const { sigmas, rhos } = smoothKnnDistances(knn, count);
  // each row's neighbours sorted by index, so the reverse edge is a binary search away
  const others = k - 1;
  const columns = new Int32Array(count * others);
  const strengths = new Float32Array(count * others);
  const order = Array.from({ length: others }, (_, t) => t + 1);
  for (let i = 0; i < count; i++) {
    const base = i * k;
    order.sort((s, t) => indices[base + s]! - indices[base + t]!);
    for (let t = 0; t < others; t++) {
      const j = indices[base + order[t]!]!;
      const d = distances[base + order[t]!]!;
      columns[i * others + t] = j;
      strengths[i * others + t] = j === i ? 0 : d - rhos[i]! <= 0 ? 1 : Math.exp(-(d - rhos[i]!) / sigmas[i]!);
    }
    for (let t = 0; t < others; t++) order[t] = t + 1;
  }

  const head: number[] = [];
  const tail: number[] = [];
  const weights: number[] = [];
  const add = (from: number, to: number, w: number): void => {
    head.push(from);
    tail.push(to);
    weights.push(w);
  };
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < others; t++) {
      const j = columns[i * others + t]!;
      const a = strengths[i * others + t]!;
      if (j === i || j < 0) continue;
      const reverse = find(columns, j * others, others, i);
      if (reverse >= 0) {
        const b = strengths[reverse]!;
        const w = a + b - a * b;
        // the pair is also listed from j, which adds the (j, i) direction with the same w
        if (w > 0) add(i, j, w);
      } else if (a > 0) {
        add(i, j, a);
        add(j, i, a);
      }
    }
  }
  return { count, head: Int32Array.from(head), tail: Int32Array.from(tail), weights: Float32Array.from(weights) };
}

/** Position of `value` in the sorted `length` entries of `array` from `start`, or -1. */
function find(array: Int32Array, start: number, length: number, value: number): number {
  let lo = start;
  let hi = start + length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (array[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < start + length && array[lo] === value ? lo : -1;
}
