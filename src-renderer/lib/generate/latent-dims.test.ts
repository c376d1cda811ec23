import { describe, expect, it } from 'vitest';
import { arithmeticCode, codeAt, topDimensions, traversalCodes, traversalOffsets, withValue } from './latent-dims';

describe('topDimensions', () => {
  it('keeps the k most used dimensions, most used first', () => {
    const usage = Float32Array.from([0.1, 2, 0.5, 3, 0]);
    expect(topDimensions(5, usage, 3)).toEqual([3, 1, 2]);
    expect(topDimensions(5, usage, 8)).toEqual([3, 1, 2, 0, 4]);
  });

  it('takes the first k in order without a usage measure', () => {
    expect(topDimensions(64, null, 4)).toEqual([0, 1, 2, 3]);
    expect(topDimensions(2, null, 4)).toEqual([0, 1]);
  });
});

describe('traversal', () => {
  it('spans -3..3 in even steps', () => {
    expect(traversalOffsets(7)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(traversalOffsets(1)).toEqual([0]);
  });

  it('moves one dimension per row around the base code', () => {
    const base = Float32Array.from([0.5, -1, 2]);
    const codes = traversalCodes(base, [2, 0], [-1, 1]);
    expect([...codes]).toEqual([0.5, -1, 1, 0.5, -1, 3, -0.5, -1, 2, 1.5, -1, 2]);
  });
});

describe('code helpers', () => {
  it('does latent arithmetic, replaces one value and slices rows', () => {
    const a = Float32Array.from([1, 2]);
    const b = Float32Array.from([0.5, 4]);
    const c = Float32Array.from([2, 1]);
    expect([...arithmeticCode(a, b, c)]).toEqual([2.5, -1]);
    const changed = withValue(a, 1, 7);
    expect([...changed]).toEqual([1, 7]);
    expect([...a]).toEqual([1, 2]);
    expect([...codeAt(Float32Array.from([1, 2, 3, 4, 5, 6]), 1, 3)]).toEqual([4, 5, 6]);
  });
});
