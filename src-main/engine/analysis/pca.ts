/**
 * Principal component analysis of latent codes: the covariance (d x d, accumulated in
 * float64 over all points) and its eigen-decomposition. Deterministic, so a PCA map of the
 * same codes is always the same picture, and it doubles as UMAP's initial layout.
 */
import { symmetricEigen } from './symmetric-eigen';
import type { TimeSlicer } from './time-slicer';

/** The leading components of a set of codes. */
export interface Pca {
  /** mean code, length dim */
  mean: Float64Array;
  /** row-major [components, dim]: unit, orthogonal axes, most variance first */
  axes: Float64Array;
  /** the variance along each axis */
  variances: Float64Array;
  /** the share of the total variance each axis explains, in [0, 1] */
  explained: Float64Array;
  /** the codes projected on the axes, row-major [count, components] */
  coords: Float32Array;
}

/** PCA of `codes` (row-major [count, dim]) onto its first `components` axes. */
export async function pca(codes: Float32Array, dim: number, components: number, slicer?: TimeSlicer): Promise<Pca> {
  const count = codes.length / dim;
  if (!Number.isInteger(count) || count < 1) throw new Error(`PCA needs at least one code of ${dim} values.`);
  if (components > dim) throw new Error(`PCA cannot find ${components} axes in ${dim} dimensions.`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) mean[j]! += codes[i * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j]! /= count;

  // upper triangle of the scatter matrix, accumulated row by row
  const scatter = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < dim; j++) centred[j] = codes[i * dim + j]! - mean[j]!;
    for (let p = 0; p < dim; p++) {
      const cp = centred[p]!;
      if (cp === 0) continue;
      const row = p * dim;
      for (let q = p; q < dim; q++) scatter[row + q]! += cp * centred[q]!;
    }
    if ((i & 1023) === 1023) await slicer?.maybeYield();
  }
  const denominator = Math.max(1, count - 1);
  for (let p = 0; p < dim; p++) {
    for (let q = p; q < dim; q++) {
      const value = scatter[p * dim + q]! / denominator;
      scatter[p * dim + q] = value;
      scatter[q * dim + p] = value;
    }
  }

  const { values, vectors } = await symmetricEigen(scatter, dim, slicer);
  let total = 0;
  for (let j = 0; j < dim; j++) total += Math.max(0, values[j]!);
  const axes = vectors.slice(0, components * dim);
  const variances = values.slice(0, components).map((v) => Math.max(0, v));
  const explained = variances.map((v) => (total > 0 ? Math.min(1, v / total) : 0));

  const coords = new Float32Array(count * components);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < components; c++) {
      let sum = 0;
      for (let j = 0; j < dim; j++) sum += (codes[i * dim + j]! - mean[j]!) * axes[c * dim + j]!;
      coords[i * components + c] = sum;
    }
    if ((i & 4095) === 4095) await slicer?.maybeYield();
  }
  return { mean, axes, variances, explained, coords };
}
