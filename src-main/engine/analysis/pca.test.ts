import { describe, expect, it } from 'vitest';
import { seededRandom } from '../training/random';
import { pca } from './pca';
import { symmetricEigen } from './symmetric-eigen';

/** Rotation of the plane (0, 1) then (1, 2) of R^3: a known orthonormal basis. */
function rotation(): number[][] {
  const [a, b] = [0.6, 0.8];
  const r1 = [
    [a, -b, 0],
    [b, a, 0],
    [0, 0, 1],
  ];
  const [c, s] = [Math.cos(0.3), Math.sin(0.3)];
  const r2 = [
    [1, 0, 0],
    [0, c, -s],
    [0, s, c],
  ];
  return r1.map((row) => r2[0]!.map((_, j) => row.reduce((sum, v, k) => sum + v * r2[k]![j]!, 0)));
}

const dot = (u: ArrayLike<number>, v: ArrayLike<number>): number => Array.from(u).reduce((s, x, i) => s + x * v[i]!, 0);

describe('symmetricEigen', () => {
  it('recovers the eigenpairs of a matrix built from a known decomposition', async () => {
    const r = rotation();
    const values = [9, 4, 1];
    // m = R diag(values) R^T
    const m = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[i * 3 + j] = values.reduce((s, v, k) => s + r[i]![k]! * v * r[j]![k]!, 0);
    const eigen = await symmetricEigen(m, 3);
    expect(Array.from(eigen.values)).toEqual(values.map((v) => expect.closeTo(v, 10)));
    for (let k = 0; k < 3; k++) {
      const column = r.map((row) => row[k]!);
      // the same axis up to sign
      expect(Math.abs(dot(eigen.vectors.subarray(k * 3, k * 3 + 3), column))).toBeCloseTo(1, 10);
    }
  });

  it('handles a diagonal matrix and a 256 x 256 one', async () => {
    const diagonal = await symmetricEigen(Float64Array.from([1, 0, 0, 0, 3, 0, 0, 0, 2]), 3);
    expect(Array.from(diagonal.values)).toEqual([3, 2, 1]);
    const d = 256;
    const random = seededRandom(4);
    const m = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) m[i * d + j] = m[j * d + i] = random() - 0.5;
    const { values, vectors } = await symmetricEigen(m, d);
    // m v = lambda v for the leading pair
    const v = vectors.subarray(0, d);
    for (let i = 0; i < d; i += 37) expect(dot(m.subarray(i * d, i * d + d), v)).toBeCloseTo(values[0]! * v[i]!, 6);
  });
});

describe('pca', () => {
  it('finds the axes of a stretched, rotated cloud, orthogonal and with the variance they capture', async () => {
    const r = rotation();
    const random = seededRandom(7);
    const count = 4000;
    const spreads = [5, 2, 0.5];
    const codes = new Float32Array(count * 3);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    for (let i = 0; i < count; i++) {
      const latent = spreads.map((s) => s * gauss());
      for (let j = 0; j < 3; j++) codes[i * 3 + j] = 10 + latent.reduce((sum, v, k) => sum + r[j]![k]! * v, 0);
    }
    const result = await pca(codes, 3, 2);
    expect(Array.from(result.mean)).toEqual([expect.closeTo(10, 0), expect.closeTo(10, 0), expect.closeTo(10, 0)]);
    const first = result.axes.subarray(0, 3);
    const second = result.axes.subarray(3, 6);
    expect(dot(first, first)).toBeCloseTo(1, 10);
    expect(dot(second, second)).toBeCloseTo(1, 10);
    expect(dot(first, second)).toBeCloseTo(0, 10);
    expect(Math.abs(dot(first, r.map((row) => row[0]!)))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(second, r.map((row) => row[1]!)))).toBeGreaterThan(0.99);
    const total = spreads.reduce((s, v) => s + v * v, 0);
    expect(result.explained[0]).toBeCloseTo(25 / total, 1);
    expect(result.explained[1]).toBeCloseTo(4 / total, 1);
    // the projected coordinates carry exactly the variance of their axes
    const variance = (axis: number): number => {
      let sum = 0;
      for (let i = 0; i < count; i++) sum += result.coords[i * 2 + axis]! ** 2;
      return sum / (count - 1);
    };
    expect(variance(0)).toBeCloseTo(result.variances[0]!, 2);
    expect(variance(1)).toBeCloseTo(result.variances[1]!, 2);
  });

  it('is deterministic, signs included', async () => {
    const random = seededRandom(2);
    const codes = Float32Array.from({ length: 300 * 8 }, () => random());
    const [a, b] = await Promise.all([pca(codes, 8, 2), pca(codes, 8, 2)]);
    expect(Array.from(a.coords)).toEqual(Array.from(b.coords));
  });

  it('gives zero variance, not NaN, for identical codes', async () => {
    const result = await pca(new Float32Array(40).fill(3), 4, 2);
    expect(Array.from(result.explained)).toEqual([0, 0]);
    expect(result.coords.every((v) => v === 0)).toBe(true);
  });
});
