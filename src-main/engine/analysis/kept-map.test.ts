import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptMapFile, latestKeptMap, readKeptMap, writeKeptMap } from './kept-map';
import type { KeptMap } from './kept-map';

function map(method: 'pca' | 'umap', labels: boolean): KeptMap {
  return {
    runId: 'run-1', datasetId: 'mnist-10k', split: 'validation', method, umap: { nNeighbors: 15, minDist: 0.1, metric: 'euclidean' }, maxPoints: 70000, seed: 1,
    total: 3, generative: false, weights: 'checkpoint best (epoch 2)', savedAt: '2026-11-27T07:00:00.000Z', epochs: method === 'umap' ? 200 : 0,
    varianceExplained: method === 'pca' ? [0.5, 0.25] : null, quality: { trustworthiness: 0.93, k: 15, sample: 3 },
    indices: Int32Array.from([0, 5, 10]), labels: labels ? Uint8Array.from([1, 2, 3]) : null, errors: Float32Array.from([0.1, 0.2, 0.3]),
    model: {
      method, dim: 3, metric: 'euclidean', codes: Float32Array.from({ length: 9 }, (_, i) => i / 3), coords: Float32Array.from([1, 2, 3, 4, 5, 6]),
      pca: method === 'pca' ? { mean: Float64Array.from([1, 2, 3]), axes: Float64Array.from([1, 0, 0, 0, 1, 0]) } : null,
    },
  };
}

describe('maps kept with their run', () => {
  it('reads back exactly what was written, with and without labels', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-map-'));
    for (const labels of [true, false]) {
      const original = map('pca', labels);
      await writeKeptMap(dir, original);
      expect(await readKeptMap(dir, 'pca', 'validation')).toEqual(original);
    }
    expect(await readKeptMap(dir, 'umap', 'validation')).toBeNull();
  });

  it('finds the latest kept map, and ignores a file of another version or cut short', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kept-map-'));
    expect(await latestKeptMap(dir)).toBeNull();
    await writeKeptMap(dir, map('pca', true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeKeptMap(dir, map('umap', true));
    expect((await latestKeptMap(dir))?.method).toBe('umap');

    const file = keptMapFile(dir, 'umap', 'validation');
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 8));
    expect(await readKeptMap(dir, 'umap', 'validation')).toBeNull();
    // the next most recent readable map answers instead
    expect((await latestKeptMap(dir))?.method).toBe('pca');
    bytes[5] = 99;
    await writeFile(file, bytes);
    expect(await readKeptMap(dir, 'umap', 'validation')).toBeNull();
  });
});
