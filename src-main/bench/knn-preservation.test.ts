import { describe, expect, it } from 'vitest';
import { blobs } from '../engine/analysis/test-data';
import { knnPreservation, nearest } from './knn-preservation';

describe('kNN preservation', () => {
  it('is 1 when the map is the codes themselves, rotated and scaled', () => {
    const codes = blobs(300, 2, 4);
    const layout = new Float32Array(codes.length);
    for (let i = 0; i < 300; i++) {
      const [x, y] = [codes[2 * i]!, codes[2 * i + 1]!];
      layout[2 * i] = 3 * (0.6 * x - 0.8 * y) + 7;
      layout[2 * i + 1] = 3 * (0.8 * x + 0.6 * y) - 2;
    }
    expect(knnPreservation(codes, 2, layout, 10, Array.from({ length: 300 }, (_, i) => i))).toBeCloseTo(1, 10);
  });

  it('counts the share of true neighbours the map keeps', () => {
    // codes on a line in two groups; the map interleaves the groups
    const codes = Float32Array.from([0, 1, 2, 10, 11, 12]);
    const layout = Float32Array.from([0, 0, 10, 0, 1, 0, 11, 0, 2, 0, 12, 0]);
    // point 0: true neighbours {1, 2}, on the map {2, 4}: one kept of two
    expect(knnPreservation(codes, 1, layout, 2, [0])).toBe(0.5);
    // point 5: true {4, 3}, on the map (at 12) {3 (11), 1 (10)}: one kept
    expect(knnPreservation(codes, 1, layout, 2, [0, 5])).toBe(0.5);
    // a map that swaps the two groups wholesale keeps every neighbourhood
    const swapped = Float32Array.from([10, 0, 11, 0, 12, 0, 0, 0, 1, 0, 2, 0]);
    expect(knnPreservation(codes, 1, swapped, 2, [0, 1, 2, 3, 4, 5])).toBe(1);
  });

  it('finds the k nearest others in order, ties by index', () => {
    const line = Float32Array.from([5, 3, 7, 4, 6, 5]);
    expect(nearest(line, 1, 0, 3, 6)).toEqual([5, 3, 4]);
    expect(nearest(line, 1, 0, 5, 6)).toEqual([5, 3, 4, 1, 2]);
    // against a brute-force sort on random 3-D points
    const points = blobs(200, 3, 3);
    const distance = (a: number, b: number): number =>
      [0, 1, 2].reduce((sum, j) => sum + (points[a * 3 + j]! - points[b * 3 + j]!) ** 2, 0);
    const brute = Array.from({ length: 200 }, (_, m) => m).filter((m) => m !== 17).sort((p, q) => distance(17, p) - distance(17, q) || p - q);
    expect(nearest(points, 3, 17, 15, 200)).toEqual(brute.slice(0, 15));
  });

  it('refuses a layout of another size, a k it cannot meet and an empty sample', () => {
    const codes = blobs(10, 4);
    expect(() => knnPreservation(codes, 4, new Float32Array(18), 3, [0])).toThrow(/Codes hold 10 points but the layout 9/);
    expect(() => knnPreservation(codes, 4, new Float32Array(20), 10, [0])).toThrow(/1 <= k < count/);
    expect(() => knnPreservation(codes, 4, new Float32Array(20), 3, [])).toThrow(/at least one/);
  });
});
