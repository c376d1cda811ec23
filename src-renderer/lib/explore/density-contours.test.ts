import { scaleLinear } from 'd3';
import { describe, expect, it } from 'vitest';
import { densityContours } from './density-contours';

const scales = { x: scaleLinear().domain([0, 10]).range([0, 200]), y: scaleLinear().domain([0, 10]).range([200, 0]) };

describe('densityContours', () => {
  it('draws nested contours around a blob and nothing for too few points', () => {
    // a small LCG: deterministic points without importing the engine's PRNG
    let state = 1;
    const random = (): number => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const coords = Float32Array.from({ length: 2000 }, () => 5 + (random() + random() + random() - 1.5));
    const paths = densityContours(coords, null, scales, 200, 200, 5);
    expect(paths.length).toBeGreaterThanOrEqual(3);
    expect(paths.every((d) => d.startsWith('M'))).toBe(true);
    expect(densityContours(coords, new Uint8Array(1000), scales, 200, 200)).toEqual([]);
  });
});
