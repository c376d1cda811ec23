/**
 * Eigen-decomposition of a small symmetric matrix (a d x d covariance, d <= 256) by cyclic
 * Jacobi rotations: exact to rounding and deterministic, which PCA's axes must be, and cheap
 * at these sizes (~10 sweeps of d^2/2 rotations).
 */
import type { TimeSlicer } from './time-slicer';

/** Eigenvalues in descending order, eigenvectors as the matching rows (unit length). */
export interface Eigen {
  values: Float64Array;
  /** row-major [d, d]: row i is the eigenvector of values[i] */
  vectors: Float64Array;
}

const MAX_SWEEPS = 64;

/** Decomposes the symmetric row-major `matrix` ([d, d]; left untouched). */
export async function symmetricEigen(matrix: Float64Array, d: number, slicer?: TimeSlicer): Promise<Eigen> {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let scale = 0;
  for (let i = 0; i < d * d; i++) scale += a[i]! * a[i]!;
  const tolerance = scale * 1e-30;

  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off <= tolerance) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) rotate(a, v, d, p, q);
      await slicer?.maybeYield();
    }
  }

  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j]! - a[i * d + i]!);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  order.forEach((column, row) => {
    values[row] = a[column * d + column]!;
    // a deterministic sign: the largest entry of each vector is positive
    let largest = 0;
    for (let k = 0; k < d; k++) if (Math.abs(v[k * d + column]!) > Math.abs(largest)) largest = v[k * d + column]!;
    const sign = largest < 0 ? -1 : 1;
    for (let k = 0; k < d; k++) vectors[row * d + k] = sign * v[k * d + column]!;
  });
  return { values, vectors };
}

/** One Jacobi rotation zeroing a[p][q]: a <- J^T a J, v <- v J. */
function rotate(a: Float64Array, v: Float64Array, d: number, p: number, q: number): void {
  const apq = a[p * d + q]!;
  if (apq === 0) return;
  const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
  // the smaller root of t^2 + 2 theta t - 1 = 0, for stability
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < d; k++) {
    const akp = a[k * d + p]!;
    const akq = a[k * d + q]!;
    a[k * d + p] = c * akp - s * akq;
    a[k * d + q] = s * akp + c * akq;
  }
  for (let k = 0; k < d; k++) {
    const apk = a[p * d + k]!;
    const aqk = a[q * d + k]!;
    a[p * d + k] = c * apk - s * aqk;
    a[q * d + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < d; k++) {
    const vkp = v[k * d + p]!;
    const vkq = v[k * d + q]!;
    v[k * d + p] = c * vkp - s * vkq;
    v[k * d + q] = s * vkp + c * vkq;
  }
}
