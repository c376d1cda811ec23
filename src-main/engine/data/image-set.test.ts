import { describe, expect, it } from 'vitest';
import { canonicalSplit, gatherBatch } from './image-set';
import type { ImageSet } from './image-set';

describe('canonicalSplit', () => {
  it('puts every index divisible by 5 in validation, the rest in training', () => {
    const { trainIndices, valIndices } = canonicalSplit(10_000);
    expect(valIndices.length).toBe(2000);
    expect(trainIndices.length).toBe(8000);
    expect(Array.from(valIndices.slice(0, 3))).toEqual([0, 5, 10]);
    expect(Array.from(trainIndices.slice(0, 5))).toEqual([1, 2, 3, 4, 6]);
    expect(new Set([...trainIndices, ...valIndices]).size).toBe(10_000);
  });
});

describe('gatherBatch', () => {
  it('copies the chosen images scaled to [0, 1]', () => {
    const set = {
      summary: { id: 't', name: 't', count: 3, width: 2, height: 1, channels: 1, trainCount: 2, valCount: 1, source: '' },
      images: new Uint8Array([0, 255, 51, 102, 255, 0]),
      labels: null,
      ...canonicalSplit(3),
    } satisfies ImageSet;
    expect(Array.from(gatherBatch(set, [2, 0]))).toEqual([1, 0, 0, 1]);
    expect(Array.from(gatherBatch(set, [2, 1, 0], 1, 2))).toEqual([0.2, 0.4].map((v) => Math.fround(v)));
  });
});
