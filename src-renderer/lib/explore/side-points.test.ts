import { describe, expect, it } from 'vitest';
import type { PointImages } from './image-bank';
import { neighbourPoints, pinnedPoints, selectionCounts } from './side-points';
import type { ProjectionPoints } from '../../../src-main/protocol';

const points: ProjectionPoints = {
  projectionId: 'p1', runId: 'run-1', datasetId: 'fashion-mnist', split: 'validation', method: 'pca', count: 4, total: 4, dim: 1, generative: false,
  indices: Int32Array.from([10, 11, 12, 13]), labels: Uint8Array.from([1, 0, 1, 1]), errors: Float32Array.from([0.1, 0.2, 0.3, 0.4]), codes: Float32Array.from([0, 1, 2, 3]),
};
const names = ['T-shirt', 'Trouser'];

describe('the side panels’ points', () => {
  it('describes pins and neighbours by dataset index, with the images loaded for them', () => {
    const images = { input: null } as unknown as PointImages;
    const pins = pinnedPoints(points, [2, 0], new Map([[12, images]]), names);
    expect(pins.map((p) => [p.position, p.index, p.label, p.images])).toEqual([
      [2, 12, 'Trouser', images],
      [0, 10, 'Trouser', null],
    ]);
    const near = neighbourPoints(points, [{ position: 1, distance: 0.5 }], new Map(), names);
    expect(near).toMatchObject([{ position: 1, index: 11, label: 'T-shirt', distance: 0.5, images: null }]);
  });

  it('counts the selection per label, most first, in the label colours only when the map shows labels', () => {
    const palette = ['#111', '#222'];
    expect(selectionCounts(Int32Array.from([0, 1, 3]), points.labels, names, { kind: 'label' }, palette)).toEqual([
      { name: 'Trouser', count: 2, color: '#222' },
      { name: 'T-shirt', count: 1, color: '#111' },
    ]);
    expect(selectionCounts(Int32Array.from([1]), points.labels, names, { kind: 'error' }, palette)).toEqual([{ name: 'T-shirt', count: 1, color: 'var(--muted)' }]);
    expect(selectionCounts(Int32Array.from([1]), null, names, { kind: 'label' }, palette)).toEqual([]);
  });
});
