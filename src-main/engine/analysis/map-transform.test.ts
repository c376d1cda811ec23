import { describe, expect, it } from 'vitest';
import { pca } from './pca';
import { placeCodes } from './map-transform';
import type { MapModel } from './map-transform';
import { blobs } from './test-data';
import { TimeSlicer } from './time-slicer';
import { umap } from './umap';

const DIM = 8;

describe('placing new codes on a finished map', () => {
  it('puts a fitted code next to its own UMAP position, and a new code of a cluster among that cluster', async () => {
    const codes = blobs(400, DIM, 4, 1, 2);
    const coords = await umap(codes, DIM, { nNeighbors: 15, minDist: 0.1, metric: 'euclidean', epochs: 120, seed: 1 }, { stage: () => undefined, layout: () => undefined }, new TimeSlicer(new AbortController().signal));
    const model: MapModel = { method: 'umap', dim: DIM, metric: 'euclidean', codes, coords, pca: null };
    let span = 0;
    for (let i = 0; i < coords.length; i++) span = Math.max(span, Math.abs(coords[i]! - coords[i % 2]!));

    const placed = placeCodes(model, codes.slice(0, 40 * DIM));
    for (let i = 0; i < 40; i++) {
      const off = Math.hypot(placed[2 * i]! - coords[2 * i]!, placed[2 * i + 1]! - coords[2 * i + 1]!);
      expect(off).toBeLessThan(0.05 * span);
    }

    // a fresh code from cluster 3 lands nearer cluster 3's centre than any other cluster's
    const fresh = blobs(8, DIM, 4, 1, 2).slice(3 * DIM, 4 * DIM);
    const [x, y] = placeCodes(model, fresh);
    const centres = [0, 1, 2, 3].map((c) => {
      let cx = 0;
      let cy = 0;
      for (let i = c; i < 400; i += 4) {
        cx += coords[2 * i]!;
        cy += coords[2 * i + 1]!;
      }
      return Math.hypot(cx / 100 - x!, cy / 100 - y!);
    });
    expect(centres.indexOf(Math.min(...centres))).toBe(3);
  });

  it('places a code on a PCA map exactly where the fit put it, and on the latent plane at the code itself', async () => {
    const codes = blobs(200, DIM, 3, 1, 5);
    const fit = await pca(codes, DIM, 2);
    const model: MapModel = { method: 'pca', dim: DIM, metric: 'euclidean', codes, coords: fit.coords, pca: { mean: fit.mean, axes: fit.axes } };
    const placed = placeCodes(model, codes.slice(10 * DIM, 12 * DIM));
    expect(placed[0]).toBeCloseTo(fit.coords[20]!, 4);
    expect(placed[3]).toBeCloseTo(fit.coords[23]!, 4);

    const plane: MapModel = { method: 'latent', dim: 2, metric: 'euclidean', codes: Float32Array.from([0, 0, 1, 1, 2, 2]), coords: Float32Array.from([0, 0, 1, 1, 2, 2]), pca: null };
    expect(Array.from(placeCodes(plane, Float32Array.from([0.5, -3])))).toEqual([0.5, -3]);
    expect(() => placeCodes(model, new Float32Array(DIM + 1))).toThrow(/multiple of the map's 8 dimensions/);
  });
});
