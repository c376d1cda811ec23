import { describe, expect, it } from 'vitest';
import { axisTitles, describeOutcome, describePointCount, describeProgress, formatError, labelName } from './explore-format';
import { ExploreSettings, EXPLORE_LIMITS } from './explore-settings.svelte';
import { MapState } from './map-state.svelte';

describe('ExploreSettings', () => {
  it('builds the request, sending UMAP settings only for UMAP and epochs only when set', () => {
    const settings = new ExploreSettings();
    expect(settings.request).toBeNull();
    settings.runId = 'r';
    expect(settings.request).toEqual({ runId: 'r', split: 'validation', method: 'pca', maxPoints: 70_000, umap: {} });
    settings.method = 'umap';
    expect(settings.request?.umap).toEqual({ nNeighbors: 15, minDist: 0.1, metric: 'euclidean' });
    settings.epochs = 300;
    expect(settings.request?.umap).toMatchObject({ epochs: 300 });
  });

  it('holds the request back while a field is out of the contract bounds', () => {
    const settings = new ExploreSettings();
    settings.runId = 'r';
    settings.method = 'umap';
    settings.nNeighbors = 1;
    expect(settings.problems.nNeighbors).toBe(EXPLORE_LIMITS.nNeighbors.hint);
    expect(settings.request).toBeNull();
    settings.nNeighbors = 15;
    settings.maxPoints = null;
    expect(settings.problems.maxPoints).toMatch(/^Required/);
    // UMAP's fields do not matter to PCA
    settings.maxPoints = 100;
    settings.nNeighbors = 1;
    settings.method = 'pca';
    expect(settings.request).not.toBeNull();
  });
});

describe('MapState', () => {
  it('pins two points at most, toggles and solos classes, and brushes a selection', () => {
    const map = new MapState();
    map.pick(4);
    map.pick(7);
    map.pick(9);
    expect(map.pinned).toEqual([7, 9]);
    map.pick(7);
    expect(map.pinned).toEqual([9]);
    map.toggleClass(3);
    expect([...map.hidden]).toEqual([3]);
    map.toggleClass(3);
    expect(map.hidden.size).toBe(0);
    map.showOnly(1, [0, 1, 2]);
    expect([...map.hidden]).toEqual([0, 2]);
    map.brush({ x0: -1, y0: -1, x1: 1, y1: 1 }, Float32Array.from([0, 0, 5, 5, 0.5, 0.5]), null);
    expect(Array.from(map.selection!)).toEqual([0, 2]);
    expect(Array.from(map.selectionMask(3)!)).toEqual([1, 0, 1]);
    map.reset();
    expect([map.pinned, map.selection, map.hidden.size]).toEqual([[], null, 0]);
  });
});

describe('explore words', () => {
  it('says how many points and whether they are a subset', () => {
    expect(describePointCount(2000, 2000)).toBe('2,000 points');
    expect(describePointCount(5000, 70000)).toBe('Showing 5,000 of 70,000 points (a random subset)');
  });

  it('describes each stage of the progress', () => {
    expect(describeProgress('starting', null, null)).toEqual({ value: null, text: 'Starting…' });
    expect(describeProgress('encoding', { stage: 'encoding', done: 500, total: 2000 }, null)).toEqual({ value: 0.25, text: 'Encoding images: 500 of 2,000' });
    const start = { coords: new Float32Array(0), epoch: 0, epochs: 200, varianceExplained: null };
    expect(describeProgress('projecting', { stage: 'neighbours', done: 1, total: 4 }, start).text).toBe('Finding nearest neighbours…');
    expect(describeProgress('projecting', null, { ...start, epoch: 50 })).toEqual({ value: 0.25, text: 'UMAP epoch 50 of 200' });
  });

  it('says how a projection ended, with its map quality', () => {
    const ending = { kind: 'finished' as const, projectionId: 'p', seq: 9, status: 'completed' as const, seconds: 4.21, quality: { trustworthiness: 0.97312, k: 15, sample: 1000 } };
    expect(describeOutcome(ending)).toBe('Done in 4.2 s · trustworthiness 0.973 (k = 15, 1,000-point sample)');
    expect(describeOutcome({ ...ending, quality: null })).toBe('Done in 4.2 s.');
    expect(describeOutcome({ ...ending, status: 'cancelled', quality: null })).toBe('Cancelled.');
    expect(describeOutcome({ ...ending, status: 'failed', quality: null })).toBeNull();
  });

  it('titles the axes by method and names labels and errors', () => {
    expect(axisTitles('pca', [0.412, 0.2])).toEqual(['PC1 (41.2% of variance)', 'PC2 (20.0% of variance)']);
    expect(axisTitles('umap', null)).toEqual(['UMAP 1', 'UMAP 2']);
    expect(axisTitles('latent', null)).toEqual(['z1', 'z2']);
    expect(formatError(0.123456)).toBe('0.123');
    expect(labelName(2, ['a', 'b', 'Pullover'])).toBe('Pullover');
    expect(labelName(7, null)).toBe('7');
    expect(labelName(null, null)).toBe('unlabelled');
  });
});

describe('MapState.follow', () => {
  it('resets for new points and keeps pins for the same points', () => {
    const map = new MapState();
    const points = { count: 3 } as unknown as Parameters<MapState['follow']>[0];
    expect(map.follow(points)).toBe(true);
    map.pick(1);
    expect(map.follow(points)).toBe(false);
    expect(map.pinned).toEqual([1]);
    expect(map.follow(null)).toBe(true);
    expect(map.pinned).toEqual([]);
  });
});
