import { describe, expect, it } from 'vitest';
import { discMask, fillBackground, rasterize } from './point-raster';
import type { RasterPass } from './point-raster';

const pass = (overrides: Partial<RasterPass>): RasterPass => ({
  coords: Float32Array.from([1.5, 1.5, 100, 100]),
  order: Int32Array.from([0, 1]),
  starts: Int32Array.from([0, 1, 2]),
  palette: [
    [255, 0, 0],
    [0, 0, 255],
  ],
  visible: null,
  flags: null,
  only: -1,
  alpha: 1,
  transform: [1, 0, 1, 0],
  size: 1,
  ...overrides,
});

const pixel = (pixels: Uint8ClampedArray, width: number, x: number, y: number) => Array.from(pixels.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));

describe('point raster', () => {
  it('covers a disc fully at its centre and not at all in the corners', () => {
    const { side, coverage } = discMask(6);
    expect(side).toBe(6);
    expect(coverage[2 * 6 + 2]).toBe(1);
    expect(coverage[0]).toBe(0);
    // tiny marks are squares, so they never vanish
    expect(Array.from(discMask(1).coverage)).toEqual([1]);
  });

  it('blends colour over the background by opacity and skips points out of view', () => {
    const pixels = new Uint8ClampedArray(4 * 4 * 4);
    fillBackground(pixels, [255, 255, 255]);
    expect(pixel(pixels, 4, 3, 3)).toEqual([255, 255, 255, 255]);
    const drawn = rasterize(pixels, 4, 4, pass({ alpha: 0.5 }));
    expect(drawn).toBe(1);
    expect(pixel(pixels, 4, 1, 1)).toEqual([255, 127, 127, 255]);
    expect(pixel(pixels, 4, 0, 0)).toEqual([255, 255, 255, 255]);
  });

  it('draws only visible points of the flagged group, clipped at the edges', () => {
    const pixels = new Uint8ClampedArray(4 * 4 * 4);
    fillBackground(pixels, [0, 0, 0]);
    const coords = Float32Array.from([0, 0, 3, 3]);
    expect(rasterize(pixels, 4, 4, pass({ coords, size: 3, visible: Uint8Array.from([0, 1]) }))).toBe(1);
    expect(pixel(pixels, 4, 0, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(pixels, 4, 3, 3)).toEqual([0, 0, 255, 255]);
    expect(rasterize(pixels, 4, 4, pass({ coords, size: 3, flags: Uint8Array.from([1, 0]), only: 1 }))).toBe(1);
    expect(pixel(pixels, 4, 0, 0)).toEqual([255, 0, 0, 255]);
  });
});
