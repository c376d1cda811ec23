/**
 * Codes drawn from a generative model's prior N(0, I), scaled by a temperature: seeded in
 * plain JS (mulberry32 + Box-Muller) so the same seed gives the same codes on every backend
 * and in every process, and a lower temperature scales the same draws towards the mean.
 */
import { seededRandom } from '../training/random';

/** `count` codes of `dim` values, row-major, each value ~ N(0, temperature²). */
export function priorCodes(count: number, dim: number, seed: number, temperature = 1): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i += 2) {
    // 1 - u keeps the logarithm's argument in (0, 1]
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    out[i] = temperature * radius * Math.cos(angle);
    if (i + 1 < out.length) out[i + 1] = temperature * radius * Math.sin(angle);
  }
  return out;
}
