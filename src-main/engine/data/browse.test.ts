import { describe, expect, it } from 'vitest';
import { DatasetPage, DatasetStats } from '../../protocol/datasets';
import { datasetPage, datasetStats } from './browse';
import type { ImageSet } from './image-set';

/** 10 images of 2x2: image i has every pixel i * 20 + k, label i % 3; the last two validate. */
function fakeSet(): ImageSet {
  const images = Uint8Array.from({ length: 40 }, (_, j) => Math.floor(j / 4) * 20 + (j % 4));
  return {
    summary: { id: 'fake', name: 'Fake', count: 10, width: 2, height: 2, channels: 1, trainCount: 8, valCount: 2, source: 'test' },
    images,
    labels: Uint8Array.from({ length: 10 }, (_, i) => i % 3),
    trainIndices: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]),
    valIndices: Int32Array.from([8, 9]),
  };
}

describe('dataset pages', () => {
  it('returns a window of all images, and of one label, with indices and labels', () => {
    const set = fakeSet();
    const page = datasetPage(set, null, 8, 5);
    expect(DatasetPage.safeParse(page).success).toBe(true);
    expect(page).toMatchObject({ total: 10, offset: 8, count: 2 });
    expect(Array.from(page.indices)).toEqual([8, 9]);
    expect(Array.from(page.images)).toEqual([160, 161, 162, 163, 180, 181, 182, 183]);
    const ones = datasetPage(set, 1, 1, 10);
    expect(ones.total).toBe(3);
    expect(Array.from(ones.indices)).toEqual([4, 7]);
    expect(Array.from(ones.labels!)).toEqual([1, 1]);
    expect(Array.from(ones.images.subarray(0, 4))).toEqual([80, 81, 82, 83]);
  });

  it('refuses a label filter on an unlabelled set', () => {
    expect(() => datasetPage({ ...fakeSet(), labels: null }, 0, 0, 4)).toThrow('Fake has no labels to filter by.');
  });
});

describe('dataset statistics', () => {
  it('counts classes per split and gives the per-pixel mean and variance', () => {
    const stats = datasetStats(fakeSet());
    expect(DatasetStats.safeParse(stats).success).toBe(true);
    expect(Array.from(stats.classCounts!)).toEqual([4, 3, 3]);
    expect(Array.from(stats.trainClassCounts!)).toEqual([3, 3, 2]);
    expect(Array.from(stats.valClassCounts!)).toEqual([1, 0, 1]);
    // pixel 0 takes 0, 20, ..., 180: mean 90, variance 3300 (in 0..255 units)
    expect(stats.mean[0]).toBeCloseTo(90 / 255, 6);
    expect(stats.variance[0]).toBeCloseTo(3300 / 255 ** 2, 6);
    expect(stats.mean[3]).toBeCloseTo(93 / 255, 6);
  });
});
