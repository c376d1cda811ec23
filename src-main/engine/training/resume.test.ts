import * as tf from '@tensorflow/tfjs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../protocol';
import { TrainingConfig } from '../../protocol';
import { selectBackend } from '../backend';
import type { ImageSet } from '../data/image-set';
import { loadMnist10k } from '../data/mnist-10k';
import { disposeState } from '../models';
import { loadCheckpoint, saveCheckpoint } from './checkpoint-store';
import { runTraining } from './train-loop';

let mnist: ImageSet;

beforeAll(async () => {
  expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
  mnist = await loadMnist10k(await mkdtemp(join(tmpdir(), 'latent-resume-')));
});

async function train(epochs: number, runDir: string, resume = false) {
  const events: TrainingProgress[] = [];
  const resumeFrom = resume ? await loadCheckpoint(runDir, 'last') : null;
  const finished = await runTraining({
    runId: 'resume',
    config: TrainingConfig.parse({ datasetId: 'mnist-10k', model: 'dense-ae', epochs, maxTrainSamples: 512, batchSize: 64, seed: 3 }),
    dataset: mnist,
    backend: 'wasm',
    signal: new AbortController().signal,
    emit: (e) => events.push(e),
    saveCheckpoint: (slot, content) => saveCheckpoint(runDir, slot, content),
    ...(resumeFrom ? { resumeFrom } : {}),
  });
  if (resumeFrom) disposeState(resumeFrom.groups);
  return { events, finished };
}

describe('checkpoints and resume', () => {
  it('a run stopped after 2 epochs and resumed to 4 ends exactly where a straight 4-epoch run ends', async () => {
    const straight = await train(4, await mkdtemp(join(tmpdir(), 'latent-straight-')));
    const dir = await mkdtemp(join(tmpdir(), 'latent-split-'));
    const first = await train(2, dir);
    expect(first.finished.status).toBe('completed');
    const saved = await loadCheckpoint(dir, 'last');
    expect(saved?.epoch).toBe(2);
    disposeState(saved!.groups);
    const before = tf.memory().numTensors;
    const second = await train(4, dir, true);
    expect(second.finished).toMatchObject({ status: 'completed', epochsDone: 4 });
    // weights, Adam's moments and the shuffling order all carried over
    expect(second.finished.valLoss).toBe(straight.finished.valLoss);
    const started = second.events[0] as Extract<TrainingProgress, { kind: 'started' }>;
    expect(started.startEpoch).toBe(2);
    expect(second.events.filter((e) => e.kind === 'epoch').map((e) => e.epoch)).toEqual([3, 4]);
    // sequence numbers carry on after the checkpointed epoch, so a listening UI keeps every event
    const checkpointed = first.events.filter((e) => e.kind === 'epoch').at(-1)!;
    expect(started.seq).toBe(checkpointed.seq + 1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the best epoch in its own checkpoint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latent-best-'));
    const { events } = await train(3, dir);
    const epochs = events.filter((e) => e.kind === 'epoch');
    const bestEpoch = epochs.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
    const best = await loadCheckpoint(dir, 'best');
    expect(best?.epoch).toBe(bestEpoch.epoch);
    expect(best?.valLoss).toBe(bestEpoch.valLoss);
    disposeState(best!.groups);
  });
});
