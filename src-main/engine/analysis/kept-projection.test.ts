// A finished map is kept in its run's folder: a new engine (the app reopened) shows it again
// without encoding or fitting, places new codes on it, and an imported layout is checked
// against the split it claims to map.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProjectionProgress, TrainingProgress } from '../../protocol';
import { ProjectionRequest, checkEvent } from '../../protocol';
import { selectBackend } from '../backend';
import { DatasetRegistry } from '../data/registry';
import { Engine } from '../engine';
import { RunModels } from '../inference/run-models';
import { RunStore } from '../runs/run-store';
import { keptMapFile } from './kept-map';
import { Projections } from './projections';

let dataDir: string;
let runId: string;

beforeAll(async () => {
  const backend = await selectBackend({ preferred: 'wasm' });
  dataDir = await mkdtemp(join(tmpdir(), 'latent-kept-'));
  const progress: TrainingProgress[] = [];
  const engine = new Engine({ backend, dataDir, emit: (event, payload) => event === 'trainingProgress' && progress.push(payload as TrainingProgress) });
  const started = await engine.handle({ method: 'startTraining', params: { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 1, maxTrainSamples: 256, latentDim: 4 } } as never);
  runId = (started as { runId: string }).runId;
  await engine.idle();
}, 120_000);

/** A fresh Projections over the data dir, as a newly started engine would have. */
function projections() {
  const store = new RunStore(join(dataDir, 'runs'));
  const models = new RunModels(store, new DatasetRegistry(dataDir));
  const events: ProjectionProgress[] = [];
  const instance = new Projections((id) => models.get(id), (event, payload) => {
    const checked = checkEvent({ type: 'event', event, payload });
    if (!checked.ok) throw new Error(checked.error.message);
    events.push(payload as ProjectionProgress);
  }, (id) => store.dirOf(id));
  const finished = (id: string) =>
    new Promise<ProjectionProgress>((resolve) => {
      const timer = setInterval(() => {
        const end = events.find((e) => e.projectionId === id && e.kind === 'finished');
        if (end) {
          clearInterval(timer);
          resolve(end);
        }
      }, 5);
    });
  return { instance, events, finished, dir: store.dirOf(runId) };
}

const request = (params: Record<string, unknown>) => ProjectionRequest.parse({ runId, ...params });

describe('maps kept with their run', () => {
  it('keeps a finished map and shows it again at once, from a new engine, and refits on request', async () => {
    const first = projections();
    const fitted = await first.instance.start(request({ method: 'umap', maxPoints: 300, umap: { epochs: 30 } }));
    expect(fitted.kept).toBeNull();
    expect(await first.finished(fitted.projectionId)).toMatchObject({ status: 'completed' });
    expect(existsSync(keptMapFile(first.dir, 'umap', 'validation'))).toBe(true);
    const fittedLayout = first.events.filter((e) => e.kind === 'layout').at(-1)!;
    const fittedPoints = first.instance.points(fitted.projectionId);

    // reopened: the latest kept map, whatever the form says, with no encoding stage
    const second = projections();
    const shown = await second.instance.start(request({ method: 'pca', kept: 'latest' }));
    expect(shown.kept).toMatchObject({ method: 'umap', split: 'validation', maxPoints: 300, stale: false, umap: { epochs: 30 } });
    expect(await second.finished(shown.projectionId)).toMatchObject({ status: 'completed' });
    expect(second.events.map((e) => e.kind)).toEqual(['encoded', 'layout', 'finished']);
    const layout = second.events[1]!;
    if (layout.kind === 'layout' && fittedLayout.kind === 'layout') expect(Array.from(layout.coords)).toEqual(Array.from(fittedLayout.coords));
    const points = second.instance.points(shown.projectionId);
    expect(points).toMatchObject({ method: 'umap', count: 300, dim: 4 });
    expect(Array.from(points.codes)).toEqual(Array.from(fittedPoints.codes));

    // a drawing's code (here: a shown point's) lands near that point
    const placed = second.instance.place(shown.projectionId, points.codes.slice(0, 4));
    expect(placed.count).toBe(1);
    if (layout.kind === 'layout') expect(Math.hypot(placed.coords[0]! - layout.coords[0]!, placed.coords[1]! - layout.coords[1]!)).toBeLessThan(1);
    expect(() => second.instance.place(shown.projectionId, new Float32Array(3))).toThrow(/4 values each/);

    // the same settings reuse it; other settings or Recompute fit anew
    expect((await second.instance.start(request({ method: 'umap', maxPoints: 300, umap: { epochs: 30 } }))).kept).not.toBeNull();
    const other = await second.instance.start(request({ method: 'umap', maxPoints: 300, umap: { epochs: 31 } }));
    expect(other.kept).toBeNull();
    await second.finished(other.projectionId);
    const again = await second.instance.start(request({ method: 'pca', kept: 'refit' }));
    expect(again.kept).toBeNull();
    await second.finished(again.projectionId);
    expect((await projections().instance.start(request({ kept: 'latest' }))).kept?.method).toBe('pca');
  }, 120_000);

  it('maps an imported layout, and refuses one with a row per image missing', async () => {
    const { instance, events, finished } = projections();
    await expect(instance.start(request({ method: 'imported', coords: new Float32Array(2 * 1999) }))).rejects.toThrow(
      'The imported projection has 1999 rows but the validation split has 2000 images; give one row per image, in dataset order.',
    );
    const coords = Float32Array.from({ length: 4000 }, (_, i) => (i % 2 ? i : -i));
    const started = await instance.start(request({ method: 'imported', coords, maxPoints: 100, seed: 4 }));
    expect(await finished(started.projectionId)).toMatchObject({ status: 'completed', quality: { k: 15 } });
    const layout = events.find((e) => e.projectionId === started.projectionId && e.kind === 'layout')!;
    const { indices } = instance.points(started.projectionId);
    // each shown image keeps its own row: validation image 5i is row i
    if (layout.kind === 'layout') expect(layout.coords[1]).toBe(2 * (indices[0]! / 5) + 1);
  }, 120_000);
});
