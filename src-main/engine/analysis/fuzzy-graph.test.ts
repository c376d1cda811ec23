import { UMAP } from 'umap-js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../training/random';
import { fuzzySimplicialSet } from './fuzzy-graph';
import { nearestNeighbours } from './knn';
import { blobs } from './test-data';
import { TimeSlicer } from './time-slicer';

describe('fuzzySimplicialSet', () => {
  it('gives the same symmetric graph as umap-js from the same neighbours', async () => {
    const count = 300;
    const dim = 5;
    const k = 10;
    const codes = blobs(count, dim, 4, 2);
    const knn = await nearestNeighbours(codes, dim, k, 'euclidean', seededRandom(1), new TimeSlicer());
    const ours = fuzzySimplicialSet(knn, count);

    const rows = (a: ArrayLike<number>) => Array.from({ length: count }, (_, i) => Array.from(a).slice(i * k, (i + 1) * k));
    const reference = new UMAP({ nNeighbors: k, random: seededRandom(1) });
    reference.setPrecomputedKNN(rows(knn.indices), rows(knn.distances));
    reference.initializeFit(rows(codes).map((_, i) => Array.from(codes.subarray(i * dim, (i + 1) * dim))));
    const theirs = (reference as unknown as { graph: { getAll(): Array<{ row: number; col: number; value: number }> } }).graph.getAll();

    const key = (i: number, j: number) => i * count + j;
    const mine = new Map<number, number>();
    for (let e = 0; e < ours.weights.length; e++) mine.set(key(ours.head[e]!, ours.tail[e]!), ours.weights[e]!);
    const expected = theirs.filter((entry) => entry.value > 0);
    expect(mine.size).toBe(expected.length);
    for (const { row, col, value } of expected) expect(mine.get(key(row, col))).toBeCloseTo(value, 5);
    // symmetric, in (0, 1]
    for (const [pair, w] of mine) {
      expect(mine.get(key(pair % count, Math.floor(pair / count)))).toBe(w);
      expect(w).toBeGreaterThan(0);
      expect(w).toBeLessThanOrEqual(1);
    }
  });
});
