// Thinning a curve for the wire keeps its ends and spreads the rest evenly.
import { describe, expect, it } from 'vitest';
import { thinCurve } from './curve-points';

describe('thinCurve', () => {
  it('returns short curves as they are', () => {
    const xs = Float32Array.from([0, 0.5, 1]);
    const ys = Float32Array.from([0, 0.75, 1]);
    expect(thinCurve(xs, ys, 5)).toEqual({ xs, ys });
  });

  it('keeps the first and last point and evenly spaced ones between', () => {
    const xs = Float32Array.from({ length: 11 }, (_, i) => i / 10);
    const ys = xs.map((x) => x * x);
    const thin = thinCurve(xs, ys, 3);
    expect(Array.from(thin.xs)).toEqual([0, xs[5], 1]);
    expect(Array.from(thin.ys)).toEqual([0, ys[5], 1]);
  });

  it('refuses unequal lengths', () => {
    expect(() => thinCurve(new Float32Array(2), new Float32Array(3), 2)).toThrow('A curve needs as many x as y values, not 2 and 3.');
  });
});
