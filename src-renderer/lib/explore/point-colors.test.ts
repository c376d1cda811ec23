import { describe, expect, it } from 'vitest';
import { CONTINUOUS_BINS, classPalette, continuousColors, dimensionValues, labelColors, pointColors, visibleMask } from './point-colors';

describe('point colours', () => {
  it('gives each class a colour and names it in the legend with its count', () => {
    const colors = labelColors(Uint8Array.from([0, 2, 2, 1]), 4, ['T-shirt', 'Trouser', 'Pullover']);
    expect(Array.from(colors.bins)).toEqual([0, 2, 2, 1]);
    expect(colors.palette).toHaveLength(3);
    expect(colors.legend).toEqual({
      kind: 'categorical',
      entries: [
        { label: 0, name: 'T-shirt', color: colors.palette[0], count: 1 },
        { label: 1, name: 'Trouser', color: colors.palette[1], count: 1 },
        { label: 2, name: 'Pullover', color: colors.palette[2], count: 2 },
      ],
    });
    expect(new Set(classPalette(30)).size).toBe(30);
    expect(labelColors(null, 3, null)).toMatchObject({ palette: [expect.any(String)], legend: null });
  });

  it('spreads a continuous value over the 1st to 99th percentile, outliers at the ends', () => {
    const values = Float32Array.from({ length: 101 }, (_, i) => i);
    values[100] = 1e6;
    const colors = continuousColors(values, 'Error');
    expect(colors.palette).toHaveLength(CONTINUOUS_BINS);
    expect(colors.bins[1]).toBe(0);
    expect(colors.bins[99]).toBe(CONTINUOUS_BINS - 1);
    expect(colors.bins[100]).toBe(CONTINUOUS_BINS - 1);
    expect(colors.bins[50]).toBeGreaterThan(CONTINUOUS_BINS / 2 - 3);
    expect(colors.legend).toMatchObject({ kind: 'continuous', domain: [1, 99] });
    // a constant value does not divide by zero
    expect(Array.from(continuousColors(new Float32Array(3).fill(2), 'x').bins)).toEqual([0, 0, 0]);
  });

  it('colours by a latent dimension and hides classes', () => {
    const codes = Float32Array.from([0, 10, 1, 20, 2, 30]);
    expect(Array.from(dimensionValues(codes, 2, 1))).toEqual([10, 20, 30]);
    const points = { labels: null, errors: new Float32Array(3), codes, dim: 2, count: 3 };
    expect(pointColors({ kind: 'dimension', dimension: 1 }, points, null).legend).toMatchObject({ title: 'Latent dimension z2' });
    expect(visibleMask(Uint8Array.from([0, 1, 2]), new Set([1]))).toEqual(Uint8Array.from([1, 0, 1]));
    expect(visibleMask(Uint8Array.from([0, 1]), new Set())).toBeNull();
  });
});
