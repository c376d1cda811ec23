/**
 * The manifold of a 2-D generative model (Kingma & Welling 2014, fig. 4): codes on a grid of
 * the N(0, I) prior's quantiles, so each cell covers an equal share of the prior's mass, and
 * their decodes tiled into one picture.
 */
import type { Picture } from './image-bank';

/** Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`A quantile needs 0 < p < 1, not ${p}.`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** An n x n grid of 2-D codes at the prior's quantiles (i + 0.5) / n, row-major with z2
 * decreasing down the rows (so up on screen is up in latent space). */
export function priorGrid(n: number): Float32Array {
  const steps = Array.from({ length: n }, (_, i) => normalQuantile((i + 0.5) / n));
  const codes = new Float32Array(n * n * 2);
  for (let row = 0; row < n; row++) {
    for (let column = 0; column < n; column++) {
      codes[(row * n + column) * 2] = steps[column]!;
      codes[(row * n + column) * 2 + 1] = steps[n - 1 - row]!;
    }
  }
  return codes;
}

/** Tiles same-sized pictures into `columns` columns, row by row. */
export function tile(pictures: readonly Picture[], columns: number): Picture {
  const first = pictures[0];
  if (!first) return { width: 0, height: 0, rgba: new Uint8ClampedArray(0) };
  const { width: w, height: h } = first;
  const rows = Math.ceil(pictures.length / columns);
  const width = columns * w;
  const rgba = new Uint8ClampedArray(width * rows * h * 4);
  pictures.forEach((picture, n) => {
    const left = (n % columns) * w;
    const top = Math.floor(n / columns) * h;
    for (let y = 0; y < h; y++) rgba.set(picture.rgba.subarray(y * w * 4, (y + 1) * w * 4), ((top + y) * width + left) * 4);
  });
  return { width, height: rows * h, rgba };
}
