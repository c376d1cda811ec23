/**
 * Codes between two pinned points, for the decoded interpolation strip: linear, or spherical
 * (slerp), which keeps the codes at the radius a Gaussian prior puts its mass at, so the
 * middle of a VAE's strip does not fade towards the origin (White 2016).
 */

/** How to travel between two codes. */
export type Interpolation = 'linear' | 'spherical';

/** `steps` codes from `a` to `b` inclusive, row-major [steps, dim]. */
export function interpolateCodes(a: Float32Array, b: Float32Array, steps: number, kind: Interpolation): Float32Array {
  const dim = a.length;
  const out = new Float32Array(steps * dim);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < dim; j++) {
    dot += a[j]! * b[j]!;
    na += a[j]! ** 2;
    nb += b[j]! ** 2;
  }
  const omega = na > 0 && nb > 0 ? Math.acos(Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)))) : 0;
  // parallel (or zero) codes have no arc to follow: the line is the same path
  const spherical = kind === 'spherical' && Math.sin(omega) > 1e-6;
  for (let s = 0; s < steps; s++) {
    const t = steps === 1 ? 0 : s / (steps - 1);
    const wa = spherical ? Math.sin((1 - t) * omega) / Math.sin(omega) : 1 - t;
    const wb = spherical ? Math.sin(t * omega) / Math.sin(omega) : t;
    for (let j = 0; j < dim; j++) out[s * dim + j] = wa * a[j]! + wb * b[j]!;
  }
  return out;
}
