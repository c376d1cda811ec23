import { describe, expect, it } from 'vitest';
import { seededRandom } from '../training/random';
import { exactOthers, nearestNeighbours, searchSpace } from './knn';
import { nnDescent, randomProjectionLeaves } from './nn-descent';
import { blobs } from './test-data';
import { TimeSlicer } from './time-slicer';

describe('exact neighbours', () => {
  it('lists each point first, then its nearest others in order', async () => {
    // points on a line at 0, 1, 3, 7
    const codes = Float32Array.from([0, 0, 1, 0, 3, 0, 7, 0]);
    const knn = await nearestNeighbours(codes, 2, 3, 'euclidean', seededRandom(1), new TimeSlicer());
    expect(Array.from(knn.indices)).toEqual([0, 1, 2, 1, 0, 2, 2, 1, 0, 3, 2, 1]);
    expect(Array.from(knn.distances)).toEqual([0, 1, 3, 0, 1, 2, 0, 2, 3, 0, 4, 6]);
  });

  it('measures cosine distance as 1 - cos, whatever the lengths', async () => {
    const codes = Float32Array.from([1, 0, 10, 0, 0, 3, -2, 0]);
    const knn = await nearestNeighbours(codes, 2, 4, 'cosine', seededRandom(1), new TimeSlicer());
    expect(Array.from(knn.indices.subarray(0, 4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(knn.distances.subarray(0, 4))).toEqual([0, 0, expect.closeTo(1, 6), expect.closeTo(2, 6)]);
    expect(Array.from(searchSpace(codes, 2, 'cosine').subarray(2, 4))).toEqual([1, 0]);
  });
});

describe('NN-descent', () => {
  it('finds at least 95% of the true neighbours of clustered codes', async () => {
    const dim = 16;
    const k = 14;
    const codes = blobs(3000, dim, 10, 3);
    const exact = await exactOthers(codes, dim, k);
    const approx = await nnDescent(codes, dim, k, seededRandom(5), new TimeSlicer());
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const truth = new Set(exact.indices.subarray(i * k, (i + 1) * k));
      for (let t = 0; t < k; t++) if (truth.has(approx.indices[i * k + t]!)) found++;
      // rows are sorted, free of duplicates and of the point itself
      const row = Array.from(approx.squared.subarray(i * k, (i + 1) * k));
      expect(row).toEqual([...row].sort((a, b) => a - b));
      expect(new Set(approx.indices.subarray(i * k, (i + 1) * k)).size).toBe(k);
      expect(approx.indices.subarray(i * k, (i + 1) * k)).not.toContain(i);
    }
    expect(found / (3000 * k)).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed and copes with duplicate codes', async () => {
    const codes = new Float32Array(500 * 4);
    for (let i = 0; i < 500; i++) codes[i * 4] = i % 3;
    const a = await nnDescent(codes, 4, 5, seededRandom(2), new TimeSlicer());
    const b = await nnDescent(codes, 4, 5, seededRandom(2), new TimeSlicer());
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(a.squared.every((d) => d === 0)).toBe(true);
  });

  it('partitions every point into exactly one leaf', () => {
    const codes = blobs(1000, 3);
    const leaves = randomProjectionLeaves(codes, 3, 1000, 20, seededRandom(3));
    const seen = leaves.flatMap((leaf) => Array.from(leaf)).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Math.max(...leaves.map((l) => l.length))).toBeLessThanOrEqual(20);
  });
});
