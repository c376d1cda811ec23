import { describe, expect, it } from 'vitest';
import { interpolateCodes } from './interpolation';
import { nearestInLatent } from './latent-neighbours';

describe('nearestInLatent', () => {
  it('ranks the other points by distance over every dimension', () => {
    // 3-D codes: the map might put 1 next to 0, but in latent space 2 is nearer
    const codes = Float32Array.from([0, 0, 0, 0.5, 0, 5, 1, 1, 0, 9, 9, 9]);
    expect(nearestInLatent(codes, 3, 0, 2)).toEqual([
      { position: 2, distance: Math.SQRT2 },
      { position: 1, distance: expect.closeTo(Math.hypot(0.5, 5), 6) },
    ]);
    expect(nearestInLatent(codes, 3, 0, 10)).toHaveLength(3);
  });
});

describe('interpolateCodes', () => {
  const a = Float32Array.from([2, 0]);
  const b = Float32Array.from([0, 2]);

  it('runs from A to B in straight steps', () => {
    expect(Array.from(interpolateCodes(a, b, 3, 'linear'))).toEqual([2, 0, 1, 1, 0, 2]);
  });

  it('follows the arc for spherical interpolation, keeping the radius', () => {
    const codes = interpolateCodes(a, b, 5, 'spherical');
    expect(Array.from(codes.subarray(0, 2))).toEqual([2, 0]);
    expect(codes[8]).toBeCloseTo(0, 6);
    expect(codes[9]).toBeCloseTo(2, 6);
    for (let s = 0; s < 5; s++) expect(Math.hypot(codes[2 * s]!, codes[2 * s + 1]!)).toBeCloseTo(2, 5);
  });

  it('falls back to the line for parallel or zero codes', () => {
    const parallel = interpolateCodes(Float32Array.from([1, 1]), Float32Array.from([3, 3]), 3, 'spherical');
    expect(Array.from(parallel)).toEqual([1, 1, 2, 2, 3, 3]);
    expect(Array.from(interpolateCodes(new Float32Array(2), b, 2, 'spherical'))).toEqual([0, 0, 0, 2]);
  });
});
