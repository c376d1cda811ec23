/** The points nearest to one point in latent space (all dimensions, not the 2-D map). */

/** The `k` positions whose codes are nearest (Euclidean) to position `of`'s, nearest first. */
export function nearestInLatent(codes: Float32Array, dim: number, of: number, k: number): Array<{ position: number; distance: number }> {
  const count = codes.length / dim;
  const best: Array<{ position: number; distance: number }> = [];
  for (let p = 0; p < count; p++) {
    if (p === of) continue;
    let d2 = 0;
    for (let j = 0; j < dim; j++) {
      const diff = codes[p * dim + j]! - codes[of * dim + j]!;
      d2 += diff * diff;
    }
    if (best.length === k && d2 >= best[k - 1]!.distance) continue;
    // insertion into a short sorted list
    let i = best.length;
    while (i > 0 && best[i - 1]!.distance > d2) i--;
    best.splice(i, 0, { position: p, distance: d2 });
    if (best.length > k) best.pop();
  }
  return best.map(({ position, distance }) => ({ position, distance: Math.sqrt(distance) }));
}
