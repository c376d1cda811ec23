import { zoomIdentity } from 'd3';
import { describe, expect, it } from 'vitest';
import { fitScales, layoutExtent, mapTicks, zoomed } from './map-scales';
import { PointFinder } from './point-finder';
import { labelCounts, pointsInRect } from './selection';

const coords = Float32Array.from([0, 0, 10, 0, 10, 5, 4, 2]);

describe('map scales', () => {
  it('fits the layout with equal units on both axes, y up, and follows the zoom', () => {
    const extent = layoutExtent(coords);
    expect(extent).toEqual({ x: [0, 10], y: [0, 5] });
    const scales = fitScales(extent, 400, 400);
    const unitX = scales.x(1) - scales.x(0);
    const unitY = scales.y(0) - scales.y(1);
    expect(unitX).toBeCloseTo(unitY, 10);
    expect(scales.x(5)).toBeCloseTo(200, 10);
    expect(scales.y(2.5)).toBeCloseTo(200, 10);
    const twice = zoomed(scales, zoomIdentity.translate(200, 200).scale(2).translate(-200, -200));
    expect(twice.x(1) - twice.x(0)).toBeCloseTo(2 * unitX, 10);
    expect(twice.x(5)).toBeCloseTo(200, 10);
    const ticks = mapTicks(scales, 400, 400);
    expect(ticks.x.length).toBeGreaterThan(2);
    expect(ticks.x.every((t) => t.offset >= 0 && t.offset <= 400)).toBe(true);
  });

  it('gives a flat extent for an empty layout', () => {
    expect(layoutExtent(new Float32Array(0))).toEqual({ x: [0, 1], y: [0, 1] });
  });
});

describe('hit testing', () => {
  it('finds the nearest visible point within the radius', () => {
    const finder = new PointFinder(coords, null);
    expect(finder.find(9.6, 0.2, 1)).toBe(1);
    expect(finder.find(7, 7, 1)).toBe(-1);
    const hidden = new PointFinder(coords, Uint8Array.from([1, 0, 0, 1]));
    expect(hidden.find(9.6, 0.2, 1)).toBe(-1);
    expect(hidden.find(9.6, 0.2, 6)).toBe(3);
  });
});

describe('selection', () => {
  it('selects the visible points in a rectangle given by any two corners and counts their labels', () => {
    expect(Array.from(pointsInRect(coords, null, { x0: 11, y0: 6, x1: 3, y1: -1 }))).toEqual([1, 2, 3]);
    expect(Array.from(pointsInRect(coords, Uint8Array.from([1, 1, 0, 1]), { x0: 3, y0: -1, x1: 11, y1: 6 }))).toEqual([1, 3]);
    const labels = Uint8Array.from([5, 3, 3, 7]);
    expect(labelCounts(Int32Array.from([1, 2, 3, 0]), labels)).toEqual([
      { label: 3, count: 2 },
      { label: 5, count: 1 },
      { label: 7, count: 1 },
    ]);
    expect(labelCounts(Int32Array.from([1]), null)).toEqual([]);
  });
});
