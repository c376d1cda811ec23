import { describe, expect, it } from 'vitest';
import { errorHeatmap, pixelErrors } from './error-heatmap';

describe('error heat map', () => {
  it('takes the absolute difference per pixel', () => {
    const errors = pixelErrors(Float32Array.of(0, 1, 0.25), Float32Array.of(1, 1, 0.75));
    expect(Array.from(errors)).toEqual([1, 0, 0.5]);
    expect(() => pixelErrors(new Float32Array(2), new Float32Array(3))).toThrow(RangeError);
  });

  it('maps no error to Inferno black and full error to Inferno yellow', () => {
    const rgba = errorHeatmap(Float32Array.of(0, 1));
    // d3.interpolateInferno(0) is #000004, (1) is #fcffa4
    expect(Array.from(rgba)).toEqual([0, 0, 4, 255, 252, 255, 164, 255]);
  });

  it('clamps values outside [0, 1] and NaN to the ends', () => {
    const rgba = errorHeatmap(Float32Array.of(-2, 7, NaN));
    expect(Array.from(rgba.subarray(0, 4))).toEqual([0, 0, 4, 255]);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([252, 255, 164, 255]);
    expect(Array.from(rgba.subarray(8, 12))).toEqual([0, 0, 4, 255]);
  });

  it('gets brighter as the error grows', () => {
    const rgba = errorHeatmap(Float32Array.of(0.2, 0.5, 0.8));
    const brightness = (i: number) => rgba[i * 4]! + rgba[i * 4 + 1]! + rgba[i * 4 + 2]!;
    expect(brightness(0)).toBeLessThan(brightness(1));
    expect(brightness(1)).toBeLessThan(brightness(2));
  });
});
