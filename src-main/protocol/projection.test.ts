import { describe, expect, it } from 'vitest';
import { checkEvent, checkRequest, checkResult } from './messages';
import { MAX_DECODES_PER_REQUEST, MAX_IMAGES_PER_REQUEST, MAX_LATENT_DIM, MAX_PROJECTION_POINTS } from './projection';

const request = (method: string, params: unknown) => checkRequest({ type: 'request', id: 1, method, params });
const rejected = (method: string, params: unknown) => {
  const checked = request(method, params);
  return !checked.ok && checked.error.code === 'bad-request';
};

describe('startProjection', () => {
  it('fills in defaults', () => {
    const checked = request('startProjection', { runId: 'run-1' });
    expect(checked.ok).toBe(true);
    if (checked.ok && checked.value.method === 'startProjection') {
      expect(checked.value.params).toEqual({
        runId: 'run-1',
        split: 'validation',
        method: 'pca',
        umap: { nNeighbors: 15, minDist: 0.1, metric: 'euclidean' },
        maxPoints: MAX_PROJECTION_POINTS,
        seed: 1,
      });
    }
  });

  it.each([
    ['an unknown method', { runId: 'r', method: 'tsne' }],
    ['too many points', { runId: 'r', maxPoints: MAX_PROJECTION_POINTS + 1 }],
    ['one neighbour', { runId: 'r', umap: { nNeighbors: 1 } }],
    ['NaN min_dist', { runId: 'r', umap: { minDist: Number.NaN } }],
    ['an unknown metric', { runId: 'r', umap: { metric: 'manhattan' } }],
    ['a million epochs', { runId: 'r', umap: { epochs: 1e6 } }],
    ['an unknown UMAP field', { runId: 'r', umap: { spread: 2 } }],
    ['a path as run id', { runId: '../x' }],
  ])('rejects %s', (_name, params) => {
    expect(rejected('startProjection', params)).toBe(true);
  });
});

describe('image and decode requests', () => {
  it('accept indices and codes of sane sizes', () => {
    expect(request('getDatasetImages', { runId: 'r', indices: Int32Array.from([0, 5, 9999]) }).ok).toBe(true);
    expect(request('decodeLatents', { runId: 'r', codes: Float32Array.from([0.5, -2]) }).ok).toBe(true);
  });

  it.each([
    ['no indices', { runId: 'r', indices: new Int32Array(0) }],
    ['too many indices', { runId: 'r', indices: new Int32Array(MAX_IMAGES_PER_REQUEST + 1) }],
    ['a negative index', { runId: 'r', indices: Int32Array.from([3, -1]) }],
    ['indices as a JSON array', { runId: 'r', indices: [1, 2] }],
    ['indices as floats', { runId: 'r', indices: Float32Array.from([1]) }],
  ])('getDatasetImages rejects %s', (_name, params) => {
    expect(rejected('getDatasetImages', params)).toBe(true);
  });

  it.each([
    ['no codes', new Float32Array(0)],
    ['too many codes', new Float32Array(MAX_DECODES_PER_REQUEST * MAX_LATENT_DIM + 1)],
    ['NaN', Float32Array.from([0, Number.NaN])],
    ['infinity', Float32Array.from([Number.POSITIVE_INFINITY])],
    ['a huge value', Float32Array.from([1e30])],
    ['a JSON array', [0, 1]],
  ])('decodeLatents rejects %s', (_name, codes) => {
    expect(rejected('decodeLatents', { runId: 'r', codes })).toBe(true);
  });
});

describe('projection events and points', () => {
  const layout = (overrides: Record<string, unknown>) => ({
    type: 'event',
    event: 'projectionProgress',
    payload: { kind: 'layout', projectionId: 'p1', seq: 3, epoch: 10, epochs: 200, count: 2, coords: new Float32Array(4), varianceExplained: null, ...overrides },
  });

  it('accepts a layout and rejects one whose coordinates do not fit', () => {
    expect(checkEvent(layout({})).ok).toBe(true);
    expect(checkEvent(layout({ coords: new Float32Array(5) })).ok).toBe(false);
    expect(checkEvent(layout({ coords: Float32Array.from([0, 0, Number.NaN, 0]) })).ok).toBe(false);
    expect(checkEvent(layout({ epoch: 201 })).ok).toBe(false);
    expect(checkEvent(layout({ count: MAX_PROJECTION_POINTS + 1, coords: new Float32Array(2 * MAX_PROJECTION_POINTS + 2) })).ok).toBe(false);
  });

  const points = (overrides: Record<string, unknown>) => ({
    projectionId: 'p1', runId: 'r', datasetId: 'mnist-10k', split: 'validation', method: 'umap', count: 2, total: 2000, dim: 3, generative: false,
    indices: Int32Array.from([0, 5]), labels: Uint8Array.from([7, 1]), errors: Float32Array.from([0.1, 0.2]), codes: new Float32Array(6),
    ...overrides,
  });

  it('checks every per-point array against the count', () => {
    expect(checkResult('getProjectionPoints', points({})).ok).toBe(true);
    expect(checkResult('getProjectionPoints', points({ labels: null })).ok).toBe(true);
    expect(checkResult('getProjectionPoints', points({ codes: new Float32Array(5) })).ok).toBe(false);
    expect(checkResult('getProjectionPoints', points({ labels: Uint8Array.from([1]) })).ok).toBe(false);
    expect(checkResult('getProjectionPoints', points({ errors: Float32Array.from([0.1, -1]) })).ok).toBe(false);
    expect(checkResult('getProjectionPoints', points({ indices: Int32Array.from([0, -5]) })).ok).toBe(false);
  });

  it('checks image batches against their geometry', () => {
    const batch = { count: 2, width: 2, height: 2, channels: 1, images: new Uint8Array(8), reconstructions: null };
    expect(checkResult('getDatasetImages', batch).ok).toBe(true);
    expect(checkResult('getDatasetImages', { ...batch, reconstructions: new Uint8Array(7) }).ok).toBe(false);
    expect(checkResult('decodeLatents', { count: 1, width: 2, height: 2, channels: 1, images: new Uint8Array(3) }).ok).toBe(false);
  });
});
