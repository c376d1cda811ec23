// Selecting and filtering the map's points: lasso, error range, index ranges.
import { describe, expect, it } from 'vitest';
import { countKept, filterMask, parseIndexRanges, valueRange } from './point-filter';
import { pointsInPolygon } from './selection';

describe('a lasso', () => {
  // a 5 x 5 grid of points at integer coordinates
  const coords = Float32Array.from({ length: 50 }, (_, i) => (i % 2 ? Math.floor(i / 10) : Math.floor(i / 2) % 5));

  it('selects the points inside a concave outline, and only visible ones', () => {
    // an L: the left column and the bottom row, 0.5 wide around them
    const l = [-0.5, -0.5, 4.5, -0.5, 4.5, 0.5, 0.5, 0.5, 0.5, 4.5, -0.5, 4.5];
    const inside = Array.from(pointsInPolygon(coords, null, l));
    expect(inside).toEqual([0, 1, 2, 3, 4, 5, 10, 15, 20]);
    const visible = new Uint8Array(25).fill(1);
    visible[2] = 0;
    expect(Array.from(pointsInPolygon(coords, visible, l))).toEqual([0, 1, 3, 4, 5, 10, 15, 20]);
    expect(pointsInPolygon(coords, null, [0, 0, 1, 1])).toHaveLength(0);
  });
});

describe('filters', () => {
  const indices = Int32Array.from([0, 5, 10, 15, 20]);
  const errors = Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5]);
  const none = { minError: null, maxError: null, indices: '' };

  it('reads index ranges, merging overlaps, and says what is wrong with bad text', () => {
    expect(parseIndexRanges('10-20, 0 15-30;5')).toEqual({ ranges: [[0, 0], [5, 5], [10, 30]] });
    expect(parseIndexRanges('3-x')).toEqual({ problem: '"3-x" is not an index or a range; write indices like 0-99, 250.' });
    expect(parseIndexRanges('9-2')).toEqual({ problem: 'The range "9-2" runs backwards; write the smaller index first.' });
  });

  it('keeps points within the error range, the indices and the base mask together', () => {
    expect(filterMask(none, indices, errors, null)).toBeNull();
    expect(Array.from(filterMask({ ...none, minError: 0.2, maxError: 0.4 }, indices, errors, null)!)).toEqual([0, 1, 1, 1, 0]);
    expect(Array.from(filterMask({ ...none, indices: '5-12, 20' }, indices, errors, null)!)).toEqual([0, 1, 1, 0, 1]);
    const base = Uint8Array.from([1, 1, 0, 1, 1]);
    const mask = filterMask({ minError: 0.15, maxError: null, indices: '0-15' }, indices, errors, base);
    expect(Array.from(mask!)).toEqual([0, 1, 0, 1, 0]);
    expect(countKept(mask, 5)).toBe(2);
    // unreadable index text filters nothing while the form says why
    expect(filterMask({ ...none, indices: 'abc' }, indices, errors, base)).toBe(base);
  });

  it('gives the range of the errors for the inputs’ placeholders', () => {
    expect(valueRange(errors).map((v) => Math.round(v * 10) / 10)).toEqual([0.1, 0.5]);
    expect(valueRange(new Float32Array(0))).toEqual([0, 0]);
  });
});
