// The Reconstructions view's pure parts: browsing order and pages, label means, error maps,
// and lining up runs.
import { describe, expect, it } from 'vitest';
import { alignScores, comparisonProblem } from './compare';
import { browseOrder, pageCount, pageOf, pageOfIndex } from './browse';
import { errorMap } from './error-map';
import { labelMeans, layoutLabelBars } from './label-means';

const errors = Float32Array.from([0.3, 0.1, 0.5, 0.1, 0.4]);
const labels = Uint8Array.from([0, 1, 0, 1, 2]);
const indices = Int32Array.from([10, 0, 5, 20, 15]);

describe('browsing', () => {
  it('orders by index, best first and worst first (ties by index)', () => {
    expect(Array.from(browseOrder(errors, labels, indices, { label: null, order: 'index' }))).toEqual([1, 2, 0, 4, 3]);
    expect(Array.from(browseOrder(errors, labels, indices, { label: null, order: 'worst' }))).toEqual([2, 4, 0, 1, 3]);
    expect(Array.from(browseOrder(errors, labels, indices, { label: null, order: 'best' }))).toEqual([1, 3, 0, 4, 2]);
  });

  it('filters by label and pages, and finds the page of an index', () => {
    const ones = browseOrder(errors, labels, indices, { label: 1, order: 'worst' });
    expect(Array.from(ones)).toEqual([1, 3]);
    expect(browseOrder(errors, null, indices, { label: 1, order: 'index' })).toHaveLength(0);
    const all = browseOrder(errors, labels, indices, { label: null, order: 'index' });
    expect(pageCount(all.length, 2)).toBe(3);
    expect(pageCount(0, 2)).toBe(1);
    expect(Array.from(pageOf(all, 2, 2))).toEqual([3]);
    expect(Array.from(pageOf(all, 9, 2))).toEqual([3]);
    expect(pageOfIndex(all, indices, 15, 2)).toBe(1);
    expect(pageOfIndex(all, indices, 7, 2)).toBeNull();
  });
});

describe('label means', () => {
  it('averages errors per label and lays out grouped bars', () => {
    const means = labelMeans(errors, labels);
    expect(means.map((m) => m.label)).toEqual([0, 1, 2]);
    expect(means[0]!.mean).toBeCloseTo(0.4, 6);
    expect(means[1]).toMatchObject({ count: 2 });
    expect(labelMeans(errors, null)).toEqual([]);
    const layout = layoutLabelBars([means, means.map((m) => ({ ...m, mean: m.mean / 2 }))], 400, 200);
    expect(layout.bars).toHaveLength(6);
    const [a, b] = [layout.bars.find((x) => x.label === 0 && x.series === 0)!, layout.bars.find((x) => x.label === 0 && x.series === 1)!];
    expect(b.x).toBeGreaterThan(a.x);
    expect(b.height).toBeCloseTo(a.height / 2, 6);
    expect(layout.labels.map((l) => l.label)).toEqual([0, 1, 2]);
  });
});

describe('error maps and comparisons', () => {
  it('colours the per-pixel difference: black where exact, bright where off', () => {
    const picture = (values: number[]) => ({ width: 2, height: 1, rgba: Uint8ClampedArray.from(values.flatMap((v) => [v, v, v, 255])) });
    const map = errorMap(picture([0, 255]), picture([0, 0]));
    expect(Array.from(map.rgba.subarray(0, 3))).toEqual([0, 0, 4]);
    expect(map.rgba[4]! + map.rgba[5]! + map.rgba[6]!).toBeGreaterThan(500);
  });

  it('lines up runs by dataset index and says when they cannot be compared', () => {
    const aligned = alignScores({ indices: Int32Array.from([5, 0, 9]) }, { indices: Int32Array.from([0, 5]) }, Float32Array.from([0.1, 0.2]));
    expect(Array.from(aligned)).toEqual([Math.fround(0.2), Math.fround(0.1), NaN]);
    expect(comparisonProblem({ datasetId: 'a', split: 'val' }, { datasetId: 'a', split: 'val', runId: 'r' })).toBeNull();
    expect(comparisonProblem({ datasetId: 'a', split: 'val' }, { datasetId: 'b', split: 'val', runId: 'r' })).toBe('Run r was trained on b, not a; compare runs of the same dataset.');
  });
});
