// A kept map in the form and in words.
import { describe, expect, it } from 'vitest';
import { describeKept } from './explore-format';
import { ExploreSettings } from './explore-settings.svelte';

const kept = {
  split: 'train', method: 'umap', umap: { nNeighbors: 30, minDist: 0.25, metric: 'cosine', epochs: 120 }, maxPoints: 5000, seed: 1,
  weights: 'checkpoint best (epoch 4)', savedAt: '2026-11-27T07:30:00.000Z', stale: false,
} as const;

describe('a kept map', () => {
  it('fills the form with the settings it was made with, except an imported layout’s method', () => {
    const settings = new ExploreSettings();
    settings.runId = 'r';
    settings.adopt(kept);
    expect(settings.request).toEqual({ runId: 'r', split: 'train', method: 'umap', maxPoints: 5000, umap: { nNeighbors: 30, minDist: 0.25, metric: 'cosine', epochs: 120 } });
    settings.adopt({ ...kept, method: 'imported', split: 'both' });
    expect(settings.method).toBe('umap');
    expect(settings.split).toBe('both');
  });

  it('says what it is, and to recompute when the run has newer weights', () => {
    expect(describeKept(kept)).toMatch(/^Kept map: UMAP of the training split, from checkpoint best \(epoch 4\), kept 27 Nov 2026, \d\d:\d\d\.$/);
    expect(describeKept({ ...kept, method: 'pca', split: 'both', stale: true })).toMatch(/^Kept map: PCA of both splits, .* The run has newer weights: Recompute to map them\.$/);
  });
});
