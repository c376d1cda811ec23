import { describe, expect, it } from 'vitest';
import { resampleArea } from './area-resample';

describe('resampleArea', () => {
  it('averages whole blocks when shrinking by an integer factor', () => {
    // 4x2 -> 2x1: each output is the mean of a 2x2 block
    const src = [0, 1, 1, 1, 0, 0, 1, 1];
    expect(Array.from(resampleArea(src, 4, 2, 2, 1))).toEqual([0.25, 1]);
  });

  it('weights partly covered pixels by their overlap', () => {
    // 3 -> 2: output 0 covers pixel 0 and half of pixel 1
    const out = resampleArea([1, 0, 0], 3, 1, 2, 1);
    expect(out[0]).toBeCloseTo(2 / 3, 6);
    expect(out[1]).toBeCloseTo(0, 6);
  });

  it('repeats pixels when enlarging and keeps the mean', () => {
    const out = resampleArea([0.2, 0.8], 2, 1, 4, 2);
    expect(Array.from(out).map((v) => Number(v.toFixed(5)))).toEqual([0.2, 0.2, 0.8, 0.8, 0.2, 0.2, 0.8, 0.8]);
  });
});
