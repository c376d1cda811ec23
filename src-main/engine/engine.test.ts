import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MethodName, MethodParams, MethodResult, TrainingProgress } from '../protocol';
import { checkRequest } from '../protocol';
import { selectBackend } from './backend';
import type { BackendChoice } from './backend';
import { Engine } from './engine';

let backend: BackendChoice;
let dataDir: string;

beforeAll(async () => {
  backend = await selectBackend({ preferred: 'wasm' });
  dataDir = await mkdtemp(join(tmpdir(), 'latent-engine-'));
});

/** An engine whose events are collected; requests go through the contract's validation. */
function engine() {
  const progress: TrainingProgress[] = [];
  const instance = new Engine({
    backend,
    dataDir,
    emit: (event, payload) => {
      if (event === 'trainingProgress') progress.push(payload as TrainingProgress);
    },
  });
  const call = async <M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> => {
    const checked = checkRequest({ type: 'request', id: 1, method, params });
    if (!checked.ok) throw new Error(checked.error.message);
    return (await instance.handle(checked.value)) as MethodResult<M>;
  };
  const until = (pick: (e: TrainingProgress) => boolean): Promise<TrainingProgress> =>
    new Promise((resolve) => {
      const timer = setInterval(() => {
        const found = progress.find(pick);
        if (found) {
          clearInterval(timer);
          resolve(found);
        }
      }, 5);
    });
  return { instance, call, progress, until };
}

describe('engine runs', () => {
  it('pauses and resumes a run between batches, stops it, lists it, resumes it from its checkpoint, and deletes it', async () => {
    const { instance, call, progress, until } = engine();
    const { runId } = await call('startTraining', { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 3, maxTrainSamples: 512, batchSize: 64 });
    await until((e) => e.kind === 'epoch' && e.epoch === 1);
    await expect(call('pauseTraining', { runId, paused: true })).resolves.toEqual({ paused: true });
    await until((e) => e.kind === 'paused' && e.paused);
    const batchesWhenPaused = progress.filter((e) => e.kind === 'batch').length;
    await new Promise((r) => setTimeout(r, 150));
    // nothing trains while paused
    expect(progress.filter((e) => e.kind === 'batch').length).toBe(batchesWhenPaused);
    expect(instance.status().detail).toMatch(/Paused/);
    // a drawing during training is answered by the training model itself
    const live = await call('inferDrawing', { runId, pixels: new Float32Array(784), neighbours: 1, samples: 0 });
    expect(live.weights).toMatch(/^live weights after epoch [12]$/);
    await call('pauseTraining', { runId, paused: false });
    await until((e) => e.kind === 'paused' && !e.paused);
    await until((e) => e.kind === 'epoch' && e.epoch === 2);
    await call('stopTraining', { runId });
    await until((e) => e.kind === 'finished');
    await instance.idle();

    const [listed] = await call('listRuns', {});
    expect(listed).toMatchObject({ runId, status: 'stopped', model: 'dense-ae', latentDim: 32 });
    expect(listed!.checkpointEpoch).toBeGreaterThanOrEqual(2);

    progress.length = 0;
    await call('resumeTraining', { runId, epochs: 4 });
    const started = (await until((e) => e.kind === 'started')) as Extract<TrainingProgress, { kind: 'started' }>;
    expect(started.startEpoch).toBe(listed!.checkpointEpoch);
    const finished = await until((e) => e.kind === 'finished');
    expect(finished).toMatchObject({ status: 'completed', epochsDone: 4 });
    await instance.idle();
    const [after] = await call('listRuns', {});
    expect(after).toMatchObject({ status: 'completed', epochsDone: 4, checkpointEpoch: 4 });
    await expect(call('resumeTraining', { runId })).rejects.toThrow(/already trained 4 epochs/);

    const history = await call('getRunHistory', { runId });
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(history.batches.length).toBeGreaterThan(0);

    await expect(call('deleteRun', { runId })).resolves.toEqual({ deleted: true });
    await expect(call('listRuns', {})).resolves.toEqual([]);
    await expect(call('resumeTraining', { runId })).rejects.toThrow(/no run/);
  }, 120_000);

  it('answers a drawing with a reconstruction, its code, an error percentile and nearest training digits', async () => {
    const { instance, call, until } = engine();
    const { runId } = await call('startTraining', { datasetId: 'mnist-10k', model: 'vae', epochs: 1, maxTrainSamples: 512, latentDim: 2 });
    await until((e) => e.kind === 'finished');
    await instance.idle();
    const digit = new Float32Array(784);
    for (let r = 6; r < 22; r++) digit[r * 28 + 14] = 1; // a "1"
    const answer = await call('inferDrawing', { runId, pixels: digit, neighbours: 5, samples: 3 });
    expect(answer.reconstruction).toHaveLength(784);
    expect(answer.latent).toHaveLength(2);
    expect(answer.percentile).toBeGreaterThanOrEqual(0);
    expect(answer.percentile).toBeLessThanOrEqual(100);
    expect(answer.neighbours).toHaveLength(5);
    const distances = answer.neighbours.map((n) => n.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(answer.samples).toHaveLength(3);
    expect(answer.weights).toMatch(/checkpoint best/);
    // a blank page is far more usual than noise: the percentile orders them
    const noise = Float32Array.from({ length: 784 }, (_, i) => (i * 7919) % 13 > 6 ? 1 : 0);
    const noisy = await call('inferDrawing', { runId, pixels: noise, neighbours: 0, samples: 0 });
    expect(noisy.percentile).toBeGreaterThan(answer.percentile);
    expect(noisy.percentile).toBe(100);
    await expect(call('inferDrawing', { runId, pixels: new Float32Array(100), neighbours: 1, samples: 0 })).rejects.toThrow(/28x28x1/);
    await expect(call('inferDrawing', { runId: 'nope', pixels: digit, neighbours: 1, samples: 0 })).rejects.toThrow(/no checkpoint/);
  }, 120_000);
});
