import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TrainingConfig } from '../../protocol';
import type { DatasetRegistry } from '../data/registry';
import { canonicalSplit } from '../data/image-set';
import { createModel, modelArgs } from '../models';
import { RunStore } from '../runs/run-store';
import { saveCheckpoint } from '../training/checkpoint-store';
import type { ImageSet } from '../data/image-set';
import type { TrainableModel } from '../models';
import { RunModels } from './run-models';

// the live path touches neither the run store nor the datasets
const models = (): RunModels => new RunModels({} as RunStore, {} as DatasetRegistry);
const model = {} as TrainableModel;
const dataset = {} as ImageSet;

describe('RunModels, while a run trains', () => {
  it('answers with the live model, at most 20 times a second', async () => {
    const runs = models();
    runs.setLive('r', model, dataset, 1);
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const run = await runs.get('r');
      expect(run.model).toBe(model);
      expect(run.weights).toBe('live weights after epoch 1');
      times.push(performance.now());
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45);
  });

  it('keeps a recent lens across epochs (a dataset pass per epoch would slow training), but names the newer weights', async () => {
    const runs = models();
    runs.setLive('r', model, dataset, 1);
    const first = await runs.get('r');
    runs.setLive('r', model, dataset, 2);
    const second = await runs.get('r');
    expect(second.lens).toBe(first.lens);
    expect(second.weights).toBe('live weights after epoch 2');
  });
});

describe('RunModels, checkpoint models', () => {
  // three runs with a checkpoint each; the cache keeps two models
  async function threeRuns(): Promise<RunModels> {
    const dataDir = await mkdtemp(join(tmpdir(), 'latent-run-models-'));
    const store = new RunStore(join(dataDir, 'runs'));
    const dataset: ImageSet = {
      summary: { id: 'blank', name: 'Blank', count: 10, width: 28, height: 28, channels: 1, trainCount: 8, valCount: 2, source: 'test' },
      images: new Uint8Array(10 * 28 * 28),
      labels: null,
      ...canonicalSplit(10),
    };
    const config = TrainingConfig.parse({ datasetId: 'blank', model: 'dense-ae', latentDim: 2, epochs: 1 });
    for (const id of ['r1', 'r2', 'r3']) {
      const model = createModel('dense-ae', modelArgs(config, dataset.summary));
      const now = new Date().toISOString();
      await store.create({ format: 1, id, createdAt: now, updatedAt: now, status: 'completed', config, dataset: dataset.summary, backend: 'cpu', epochsDone: 1, valLoss: 0.5, best: { epoch: 1, valLoss: 0.5 }, pid: 0, seconds: 1 });
      await saveCheckpoint(store.dirOf(id), 'best', { epoch: 1, valLoss: 0.5, groups: await model.saveState(), meta: {} });
      model.dispose();
    }
    return new RunModels(store, { open: () => Promise.resolve(dataset) } as unknown as DatasetRegistry);
  }

  const usable = (run: { model: TrainableModel }): boolean => {
    try {
      tf.tidy(() => run.model.decode(tf.zeros([1, 2])));
      return true;
    } catch {
      return false;
    }
  };

  it('frees the oldest model when a third run loads, unless a job holds it, then when it lets go', async () => {
    const runs = await threeRuns();
    const free = await runs.get('r1');
    await runs.get('r2');
    await runs.get('r3');
    expect(usable(free)).toBe(false);

    const held = await runs.get('r1');
    const release = held.hold();
    await runs.get('r2');
    await runs.get('r3');
    expect(usable(held)).toBe(true);
    release();
    release(); // twice is harmless
    expect(usable(held)).toBe(false);
    runs.dispose();
  });
});
