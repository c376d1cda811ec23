// The explorer through the engine's front door: requests validated by the contract, a tiny
// trained run projected with PCA, UMAP and its latent plane, events collected as the host
// would relay them.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, MethodParams, MethodResult, ProjectionProgress, TrainingProgress } from '../../protocol';
import { checkEvent, checkRequest, checkResult } from '../../protocol';
import { selectBackend } from '../backend';
import type { BackendChoice } from '../backend';
import { Engine } from '../engine';

let backend: BackendChoice;
let dataDir: string;

beforeAll(async () => {
  backend = await selectBackend({ preferred: 'wasm' });
  dataDir = await mkdtemp(join(tmpdir(), 'latent-explore-'));
});

function engine() {
  const progress: TrainingProgress[] = [];
  const projection: ProjectionProgress[] = [];
  const instance = new Engine({
    backend,
    dataDir,
    emit: (event, payload) => {
      // every event must pass the contract, as the host checks it
      const checked = checkEvent({ type: 'event', event, payload });
      if (!checked.ok) throw new Error(checked.error.message);
      if (event === 'trainingProgress') progress.push(payload as TrainingProgress);
      if (event === 'projectionProgress') projection.push(payload as ProjectionProgress);
    },
  });
  const call = async <M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> => {
    const checked = checkRequest({ type: 'request', id: 1, method, params });
    if (!checked.ok) throw new Error(checked.error.message);
    const result = await instance.handle(checked.value);
    const valid = checkResult(method, result);
    if (!valid.ok) throw new Error(valid.error.message);
    return valid.value;
  };
  const waitFor = <T>(pick: () => T | undefined): Promise<T> =>
    new Promise((resolve) => {
      const timer = setInterval(() => {
        const found = pick();
        if (found !== undefined) {
          clearInterval(timer);
          resolve(found);
        }
      }, 5);
    });
  const events = (id: string) => projection.filter((e) => e.projectionId === id);
  const finished = (id: string) => waitFor(() => events(id).find((e) => e.kind === 'finished'));
  return { instance, call, progress, projection, waitFor, events, finished };
}

describe('the latent explorer in the engine', () => {
  it('projects a trained 2-D VAE with PCA, UMAP and its latent plane, and shows and decodes its images', async () => {
    const { instance, call, progress, waitFor, events, finished } = engine();
    const { runId } = await call('startTraining', { datasetId: 'mnist-10k', model: 'vae', epochs: 1, maxTrainSamples: 512, latentDim: 2 });
    await waitFor(() => progress.find((e) => e.kind === 'finished'));
    await instance.idle();

    const pca = await call('startProjection', { runId, method: 'pca' });
    expect(pca).toMatchObject({ count: 2000, total: 2000 });
    expect(await finished(pca.projectionId)).toMatchObject({ status: 'completed' });
    const kinds = events(pca.projectionId).map((e) => e.kind);
    expect(kinds[0]).toBe('stage');
    expect(kinds.slice(-3)).toEqual(['encoded', 'layout', 'finished']);
    const layout = events(pca.projectionId).find((e) => e.kind === 'layout')!;
    expect(layout).toMatchObject({ epoch: 0, epochs: 0, count: 2000 });
    if (layout.kind === 'layout') expect(layout.varianceExplained![0]).toBeGreaterThanOrEqual(layout.varianceExplained![1]);

    const points = await call('getProjectionPoints', { projectionId: pca.projectionId });
    expect(points).toMatchObject({ count: 2000, dim: 2, split: 'validation', datasetId: 'mnist-10k', generative: true });
    expect(points.indices[1]).toBe(5); // the validation split: every fifth image
    expect(points.labels).toHaveLength(2000);
    expect(points.codes).toHaveLength(4000);
    expect(points.errors.every((e) => e > 0)).toBe(true);

    const plane = await call('startProjection', { runId, method: 'latent', split: 'train', maxPoints: 100, seed: 3 });
    expect(plane).toMatchObject({ count: 100, total: 8000 });
    await finished(plane.projectionId);
    const planePoints = await call('getProjectionPoints', { projectionId: plane.projectionId });
    const planeLayout = events(plane.projectionId).find((e) => e.kind === 'layout');
    if (planeLayout?.kind === 'layout') expect(Array.from(planeLayout.coords)).toEqual(Array.from(planePoints.codes));
    // the older projection's data is gone once a newer one starts
    await expect(call('getProjectionPoints', { projectionId: pca.projectionId })).rejects.toThrow(/newer one/);

    const umap = await call('startProjection', { runId, method: 'umap', maxPoints: 500, umap: { epochs: 40, nNeighbors: 10 } });
    const ending = await finished(umap.projectionId);
    expect(ending).toMatchObject({ status: 'completed', quality: { k: 15, sample: 500 } });
    if (ending.kind === 'finished') expect(ending.quality!.trustworthiness).toBeGreaterThan(0.8);
    const layouts = events(umap.projectionId).filter((e) => e.kind === 'layout');
    expect(layouts[0]).toMatchObject({ epoch: 0, epochs: 40, count: 500 });
    expect(layouts.at(-1)).toMatchObject({ epoch: 40 });
    expect(events(umap.projectionId).some((e) => e.kind === 'stage' && e.stage === 'neighbours')).toBe(true);

    const images = await call('getDatasetImages', { runId, indices: Int32Array.from([0, 7]), reconstructions: true });
    expect(images).toMatchObject({ count: 2, width: 28, height: 28, channels: 1 });
    expect(images.images).toHaveLength(2 * 784);
    expect(images.reconstructions).toHaveLength(2 * 784);
    expect(images.images.some((v) => v > 200)).toBe(true);
    await expect(call('getDatasetImages', { runId, indices: Int32Array.from([10_000]) })).rejects.toThrow(/out of range/);

    const decoded = await call('decodeLatents', { runId, codes: Float32Array.from([0, 0, 1.5, -1]) });
    expect(decoded).toMatchObject({ count: 2, width: 28, height: 28 });
    expect(decoded.images).toHaveLength(2 * 784);
    await expect(call('decodeLatents', { runId, codes: Float32Array.from([0, 0, 1]) })).rejects.toThrow(/whole number/);
  }, 120_000);

  it('cancels a projection, lets a new one replace it, and projects the live model of a training run', async () => {
    const { instance, call, progress, waitFor, events, finished } = engine();
    const { runId } = await call('startTraining', { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 20, maxTrainSamples: 512 });
    await waitFor(() => progress.find((e) => e.kind === 'epoch'));

    const long = await call('startProjection', { runId, method: 'umap', maxPoints: 1000, umap: { epochs: 2000 } });
    await waitFor(() => events(long.projectionId).find((e) => e.kind === 'layout' && e.epoch > 0));
    await expect(call('cancelProjection', { projectionId: long.projectionId })).resolves.toEqual({ cancelled: true });
    expect(await finished(long.projectionId)).toMatchObject({ status: 'cancelled' });
    await expect(call('cancelProjection', { projectionId: long.projectionId })).resolves.toEqual({ cancelled: false });

    const first = await call('startProjection', { runId, method: 'umap', maxPoints: 1000, umap: { epochs: 2000 } });
    const second = await call('startProjection', { runId, method: 'pca' });
    expect(await finished(first.projectionId)).toMatchObject({ status: 'cancelled' });
    expect(await finished(second.projectionId)).toMatchObject({ status: 'completed' });
    // training went on meanwhile
    expect(progress.some((e) => e.kind === 'finished')).toBe(false);

    await expect(call('startProjection', { runId, method: 'latent' })).rejects.toThrow(/2-D latent space/);
    await call('stopTraining', { runId });
    await instance.idle();
  }, 120_000);
});
