import { describe, expect, it } from 'vitest';
import { normalQuantile, priorGrid, tile } from './manifold';

describe('manifold grid', () => {
  it('knows the normal quantiles', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(() => normalQuantile(1)).toThrow(/0 < p < 1/);
  });

  it('lays codes out left to right and top (high z2) to bottom, symmetric about 0', () => {
    const codes = priorGrid(3);
    const q = normalQuantile(5 / 6);
    expect(Array.from(codes.subarray(0, 2))).toEqual([expect.closeTo(-q, 5), expect.closeTo(q, 5)]);
    expect(Array.from(codes.subarray(8, 10))).toEqual([0, 0]);
    expect(Array.from(codes.subarray(16, 18))).toEqual([expect.closeTo(q, 5), expect.closeTo(-q, 5)]);
  });

  it('tiles pictures row by row', () => {
    const picture = (v: number) => ({ width: 1, height: 1, rgba: Uint8ClampedArray.from([v, v, v, 255]) });
    const sheet = tile([picture(1), picture(2), picture(3)], 2);
    expect([sheet.width, sheet.height]).toEqual([2, 2]);
    expect(Array.from(sheet.rgba).filter((_, i) => i % 4 === 0)).toEqual([1, 2, 3, 0]);
  });
});
