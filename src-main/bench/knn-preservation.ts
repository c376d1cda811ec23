/**
 * kNN preservation of a 2-D map: for each sampled point, the share of its k nearest
 * neighbours among all points in latent space that are also among its k nearest on the map,
 * averaged. Unlike trustworthiness it ignores how far down the ranking a miss sits, so it
 * reads as "what fraction of true neighbours the map keeps".
 */

/** Mean overlap (0..1) of latent and map k-neighbourhoods over the points in `sample`. */
export function knnPreservation(codes: Float32Array, dim: number, layout: Float32Array, k: number, sample: ArrayLike<number>): number {
  const count = layout.length / 2;
  if (codes.length !== count * dim) throw new Error(`Codes hold ${codes.length / dim} points but the layout ${count}.`);
  if (!Number.isInteger(k) || k < 1 || k >= count) throw new Error(`kNN preservation needs 1 <= k < count (k ${k}, count ${count}).`);
  if (sample.length === 0) throw new Error('kNN preservation needs at least one sampled point.');
  let kept = 0;
  for (let s = 0; s < sample.length; s++) {
    const i = sample[s]!;
    const inCodes = new Set(nearest(codes, dim, i, k, count));
    for (const m of nearest(layout, 2, i, k, count)) if (inCodes.has(m)) kept++;
  }
  return kept / (sample.length * k);
}

/** The k points nearest to `i` (itself excluded; ties by index), by one pass with a sorted buffer. */
export function nearest(data: Float32Array, dim: number, i: number, k: number, count: number): number[] {
  const best: number[] = [];
  const bestD: number[] = [];
  const base = i * dim;
  for (let m = 0; m < count; m++) {
    if (m === i) continue;
    let d = 0;
    for (let j = 0; j < dim; j++) {
      const diff = data[base + j]! - data[m * dim + j]!;
      d += diff * diff;
    }
    if (best.length === k && d >= bestD[k - 1]!) continue;
    // insertion keeps the buffer sorted; equal distances keep index order (m only grows)
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && bestD[at - 1]! > d) {
      if (at < k) {
        best[at] = best[at - 1]!;
        bestD[at] = bestD[at - 1]!;
      }
      at--;
    }
    best[at] = m;
    bestD[at] = d;
  }
  return best;
}
