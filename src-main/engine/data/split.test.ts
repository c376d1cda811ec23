import { describe, expect, it } from 'vitest';
import { randomSplit } from './split';

describe('randomSplit', () => {
  it('gives the same disjoint split for the same seed, another for another seed', () => {
    const a = randomSplit(1000, 0.1, 5);
    expect(a.valIndices).toHaveLength(100);
    expect(a.trainIndices).toHaveLength(900);
    expect(new Set([...a.trainIndices, ...a.valIndices]).size).toBe(1000);
    expect(Array.from(a.valIndices)).toEqual([...a.valIndices].sort((x, y) => x - y));
    expect(randomSplit(1000, 0.1, 5).valIndices).toEqual(a.valIndices);
    expect(randomSplit(1000, 0.1, 6).valIndices).not.toEqual(a.valIndices);
  });

  it('keeps at least one image on each side when there are two or more', () => {
    expect(randomSplit(5, 0.01, 1).valIndices).toHaveLength(1);
    expect(randomSplit(2, 0.9, 1).trainIndices).toHaveLength(1);
    expect(randomSplit(1, 0.5, 1).valIndices).toHaveLength(0);
  });
});
