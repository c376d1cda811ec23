import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3';
import { pointsInView } from './thumbnails';

describe('images at close zoom', () => {
  // points at x = 0..9, y = 0; the view shows x in [2, 5]
  const coords = Float32Array.from({ length: 20 }, (_, i) => (i % 2 ? 0 : i / 2));
  const scales = { x: scaleLinear().domain([2, 5]).range([0, 300]), y: scaleLinear().domain([-1, 1]).range([100, 0]) };

  it('finds the visible points in view, or none when there are more than the cap', () => {
    expect(Array.from(pointsInView(coords, null, scales, 300, 100, 10)!)).toEqual([2, 3, 4, 5]);
    const visible = Uint8Array.from([1, 1, 1, 0, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(pointsInView(coords, visible, scales, 300, 100, 10)!)).toEqual([2, 4, 5]);
    expect(pointsInView(coords, null, scales, 300, 100, 3)).toBeNull();
  });
});
