import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import type { TrainingProgress } from '../../protocol';
import { TrainingConfig } from '../../protocol';
import type { ImageSet } from '../data/image-set';
import type { TrainableModel } from '../models';
import type { CheckpointContent } from './checkpoint-store';
import { runTraining } from './train-loop';

// a model whose loss turns NaN in the epoch the test picks: divergence on demand
let nanFromEpoch = Number.POSITIVE_INFINITY;
vi.mock('../models', async () => ({
  disposeState: (await import('../models/model-state')).disposeState,
  modelArgs: () => ({}),
  createModel: (): TrainableModel => ({
    kind: 'dense-ae',
    latentDim: 2,
    generative: false,
    metricNames: ['loss'],
    trainStep: (_x, { epoch }) => ({ loss: tf.scalar(epoch >= nanFromEpoch ? Number.NaN : 1 / epoch) }),
    evaluate: (_x, { epoch }) => ({ loss: tf.scalar(1 / epoch) }),
    reconstruct: (x) => tf.clone(x),
    encode: (x) => tf.zeros([x.shape[0], 2]),
    decode: (z) => tf.zeros([z.shape[0], 4]),
    saveState: async () => ({ model: [{ name: '0', tensor: tf.scalar(1) }] }),
    loadState: async () => undefined,
    dispose: () => undefined,
  }),
}));

/** 20 2x2 images, labels 0..3 in turn, the canonical split (every 5th image validates). */
const dataset: ImageSet = {
  summary: { id: 'tiny', name: 'tiny', count: 20, width: 2, height: 2, channels: 1, trainCount: 16, valCount: 4, source: 'test' },
  images: new Uint8Array(80).fill(128),
  labels: Uint8Array.from({ length: 20 }, (_, i) => i % 4),
  trainIndices: Int32Array.from({ length: 20 }, (_, i) => i).filter((i) => i % 5 !== 0),
  valIndices: Int32Array.from([0, 5, 10, 15]),
};

async function train(overrides: Partial<TrainingConfig>) {
  const events: TrainingProgress[] = [];
  const saved: CheckpointContent[] = [];
  const finished = await runTraining({
    runId: 'faults',
    config: TrainingConfig.parse({ datasetId: 'tiny', model: 'dense-ae', epochs: 4, batchSize: 4, ...overrides }),
    dataset,
    backend: 'cpu',
    signal: new AbortController().signal,
    emit: (e) => events.push(e),
    saveCheckpoint: async (slot, content) => {
      if (slot === 'last') saved.push(content);
    },
  });
  return { events, finished, saved };
}

describe('training loop faults and data selection', () => {
  it('stops a run whose loss turns NaN, says what to do, and keeps the last good checkpoint', async () => {
    nanFromEpoch = 3;
    const { finished, saved } = await train({});
    nanFromEpoch = Number.POSITIVE_INFINITY;
    expect(finished.status).toBe('failed');
    expect(finished.epochsDone).toBe(2);
    expect(finished.message).toMatch(/loss became NaN at epoch 3.*last good checkpoint \(epoch 2\).*lower learning rate/);
    // nothing was written after the divergence
    expect(saved.map((c) => c.epoch)).toEqual([1, 2]);
  });

  it('trains only on the chosen classes (one-class training), validating on them too', async () => {
    const { events } = await train({ classes: [1], epochs: 1 });
    const started = events[0] as Extract<TrainingProgress, { kind: 'started' }>;
    // label 1: images 1, 5, 9, 13, 17; image 5 is a validation one (i % 5 == 0)
    expect(started).toMatchObject({ trainCount: 4, valCount: 1 });
    const failed = await train({ classes: [7], epochs: 1 });
    expect(failed.finished).toMatchObject({ status: 'failed', message: 'No training image has a label in [7].' });
  });

  it('refuses classes on an unlabeled dataset with a clear message', async () => {
    const unlabeled = { ...dataset, labels: null };
    const finished = await runTraining({
      runId: 'nolabels',
      config: TrainingConfig.parse({ datasetId: 'tiny', model: 'dense-ae', classes: [1] }),
      dataset: unlabeled,
      backend: 'cpu',
      signal: new AbortController().signal,
      emit: () => undefined,
    });
    expect(finished.message).toMatch(/has no labels/);
  });
});
