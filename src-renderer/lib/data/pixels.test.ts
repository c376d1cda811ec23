import { describe, expect, it } from 'vitest';
import { imageRgba, mapRgba } from './pixels';

describe('dataset pixels', () => {
  it('expands grey and RGB images of a batch to RGBA', () => {
    const grey = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(imageRgba(grey, 1, 2, 2, 1))).toEqual([5, 5, 5, 255, 6, 6, 6, 255, 7, 7, 7, 255, 8, 8, 8, 255]);
    const rgb = Uint8Array.from([10, 20, 30, 40, 50, 60]);
    expect(Array.from(imageRgba(rgb, 1, 1, 1, 3))).toEqual([40, 50, 60, 255]);
  });

  it('stretches a variance map so its largest value is white', () => {
    const map = Float32Array.from([0.05, 0.1]);
    expect(Array.from(mapRgba(map, 2, 1, 1, true))).toEqual([128, 128, 128, 255, 255, 255, 255, 255]);
    expect(Array.from(mapRgba(map, 2, 1, 1, false)).slice(0, 4)).toEqual([13, 13, 13, 255]);
  });

  it('keeps the colour of an RGB mean', () => {
    expect(Array.from(mapRgba(Float32Array.from([1, 0.5, 0]), 1, 1, 3, false))).toEqual([255, 128, 0, 255]);
  });
});
