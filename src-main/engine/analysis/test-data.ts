/** Seeded clustered codes for the analysis tests: `clusters` Gaussian-ish blobs in `dim`-D. */
import { seededRandom } from '../training/random';

/** Row-major [count, dim] codes; point i belongs to cluster i % clusters. */
export function blobs(count: number, dim: number, clusters = 5, spread = 1, seed = 1): Float32Array {
  const random = seededRandom(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, () => random() * 10));
  const codes = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    // a sum of three uniforms: bell-shaped, bounded
    for (let j = 0; j < dim; j++) codes[i * dim + j] = centres[i % clusters]![j]! + (random() + random() + random() - 1.5) * spread;
  }
  return codes;
}
