/**
 * Trustworthiness (Venna & Kaski 2001): how far the neighbours a 2-D map shows are true
 * neighbours of the codes. 1 = every point's k nearest on the map are among its k nearest in
 * latent space; penalties grow with how far down the true ranking an intruder sits. Cost is
 * quadratic, so maps are scored on a sample.
 */
import { seededRandom } from '../training/random';
import type { TimeSlicer } from './time-slicer';

/** The neighbourhood size the map is scored at. */
export const TRUST_K = 15;
/** Points the score is computed on. */
export const TRUST_SAMPLE = 1000;

/** Trustworthiness of `layout` ([count, 2]) for `codes` ([count, dim]) at `k` neighbours. */
export function trustworthiness(codes: Float32Array, dim: number, layout: Float32Array, k: number): number {
  const count = layout.length / 2;
  check(count, k);
  let penalty = 0;
  const rank = new Int32Array(count);
  for (let i = 0; i < count; i++) penalty += rowPenalty(codes, dim, layout, k, i, rank);
  return score(penalty, count, k);
}

/** The points `sampledTrustworthiness` scores: at most TRUST_SAMPLE of `count`, seeded (a
 * partial Fisher-Yates shuffle), so other figures can be taken on the same points. */
export function trustSample(count: number, seed: number): Int32Array {
  const sample = Math.min(count, TRUST_SAMPLE);
  const chosen = Int32Array.from({ length: count }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = 0; i < sample; i++) {
    const j = i + Math.floor(random() * (count - i));
    [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
  }
  return chosen.subarray(0, sample);
}

/** Trustworthiness at TRUST_K (fewer for tiny sets) on a seeded sample of at most
 * TRUST_SAMPLE points, yielding between rows. */
export async function sampledTrustworthiness(
  codes: Float32Array,
  dim: number,
  layout: Float32Array,
  seed: number,
  slicer: TimeSlicer,
): Promise<{ value: number; k: number; sample: number }> {
  const chosen = trustSample(layout.length / 2, seed);
  const sample = chosen.length;
  const subCodes = new Float32Array(sample * dim);
  const subLayout = new Float32Array(sample * 2);
  for (let i = 0; i < sample; i++) {
    subCodes.set(codes.subarray(chosen[i]! * dim, (chosen[i]! + 1) * dim), i * dim);
    subLayout.set(layout.subarray(chosen[i]! * 2, chosen[i]! * 2 + 2), i * 2);
  }
  const k = Math.min(TRUST_K, Math.ceil(sample / 2) - 1);
  check(sample, k);
  let penalty = 0;
  const rank = new Int32Array(sample);
  for (let i = 0; i < sample; i++) {
    penalty += rowPenalty(subCodes, dim, subLayout, k, i, rank);
    await slicer.maybeYield();
  }
  return { value: score(penalty, sample, k), k, sample };
}

function check(count: number, k: number): void {
  if (count < 3 || k < 1 || k >= count / 2) throw new Error(`Trustworthiness needs k < count / 2 (k ${k}, count ${count}).`);
}

function score(penalty: number, count: number, k: number): number {
  return 1 - (2 / (count * k * (2 * count - 3 * k - 1))) * penalty;
}

/** Sum over point i's k map neighbours of how far beyond k each one ranks in latent space. */
function rowPenalty(codes: Float32Array, dim: number, layout: Float32Array, k: number, i: number, rank: Int32Array): number {
  const count = rank.length;
  const byCode = order(count, i, (m) => squared(codes, dim, i, m));
  byCode.forEach((m, r) => (rank[m] = r + 1));
  const byMap = order(count, i, (m) => squared(layout, 2, i, m));
  let penalty = 0;
  for (let r = 0; r < k; r++) penalty += Math.max(0, rank[byMap[r]!]! - k);
  return penalty;
}

/** Every point but `i`, nearest first (ties by index, so the result is deterministic). */
function order(count: number, i: number, distance: (m: number) => number): number[] {
  const others: number[] = [];
  const d = new Float64Array(count);
  for (let m = 0; m < count; m++) {
    if (m === i) continue;
    others.push(m);
    d[m] = distance(m);
  }
  return others.sort((p, q) => d[p]! - d[q]! || p - q);
}

function squared(data: Float32Array, dim: number, a: number, b: number): number {
  let sum = 0;
  for (let j = 0; j < dim; j++) sum += (data[a * dim + j]! - data[b * dim + j]!) ** 2;
  return sum;
}
