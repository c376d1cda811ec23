import * as tf from '@tensorflow/tfjs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../protocol';
import { TrainingConfig } from '../../protocol';
import { selectBackend } from '../backend';
import { loadMnist10k } from '../data/mnist-10k';
import type { ImageSet } from '../data/image-set';
import { runTraining, spreadSample } from './train-loop';

let mnist: ImageSet;

beforeAll(async () => {
  const choice = await selectBackend({ preferred: 'wasm' });
  expect(choice.backend).toBe('wasm');
  mnist = await loadMnist10k(await mkdtemp(join(tmpdir(), 'latent-train-')));
});

function config(overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  return TrainingConfig.parse({ datasetId: 'mnist-10k', model: 'dense-ae', ...overrides });
}

async function train(overrides: Partial<TrainingConfig>, signal = new AbortController().signal) {
  const events: TrainingProgress[] = [];
  const finished = await runTraining({ runId: 'test', config: config(overrides), dataset: mnist, backend: 'wasm', emit: (e) => events.push(e), signal });
  return { events, finished };
}

describe('training loop on wasm', () => {
  it('makes the dense AE loss fall, reports every epoch, and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const { events, finished } = await train({ epochs: 3, maxTrainSamples: 1024, batchSize: 64 });
    expect(finished).toMatchObject({ kind: 'finished', status: 'completed', epochsDone: 3 });
    const epochs = events.filter((e) => e.kind === 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(epochs[2]!.valLoss).toBeLessThan(epochs[0]!.valLoss);
    // untrained BCE on MNIST is ~0.69; three short epochs must get well below it
    expect(epochs[2]!.valLoss).toBeLessThan(0.3);
    const recon = events.filter((e) => e.kind === 'reconstructions');
    expect(recon).toHaveLength(3);
    expect(recon[0]).toMatchObject({ count: 16, width: 28, height: 28 });
    // the shown digits span the classes, not sixteen zeros
    const shown = spreadSample(mnist.valIndices, 16);
    expect(new Set(Array.from(shown, (i) => mnist.labels![i])).size).toBe(10);
    expect(events[0]!.kind).toBe('started');
    // each epoch's last batch is reported even inside the throttle window
    expect(events.filter((e) => e.kind === 'batch').at(-1)).toMatchObject({ epoch: 3, batch: 16, batchesPerEpoch: 16 });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops between batches when aborted, and says so', async () => {
    const controller = new AbortController();
    const events: TrainingProgress[] = [];
    const finished = await runTraining({
      runId: 'stop',
      config: config({ epochs: 50 }),
      dataset: mnist,
      backend: 'wasm',
      signal: controller.signal,
      emit: (e) => {
        events.push(e);
        if (e.kind === 'batch') controller.abort();
      },
    });
    expect(finished.status).toBe('stopped');
    expect(finished.message).toMatch(/Stopped by the user/);
    expect(events.filter((e) => e.kind === 'batch')).toHaveLength(1);
  });

  it('repeats exactly with the same seed', async () => {
    const a = await train({ epochs: 1, maxTrainSamples: 256, batchSize: 64, seed: 5 });
    const b = await train({ epochs: 1, maxTrainSamples: 256, batchSize: 64, seed: 5 });
    expect(a.finished.valLoss).toBe(b.finished.valLoss);
  });

  it('trains the VAE: its negative ELBO (nats per sample) falls', async () => {
    const { events, finished } = await train({ model: 'vae', epochs: 2, maxTrainSamples: 1024, batchSize: 64 });
    expect(finished.status).toBe('completed');
    const epochs = events.filter((e) => e.kind === 'epoch');
    // an untrained Bernoulli decoder costs ~543 nats (784 * ln 2); one short epoch cuts that well down
    expect(epochs[0]!.valLoss).toBeLessThan(400);
    expect(epochs[1]!.valLoss).toBeLessThan(epochs[0]!.valLoss);
  });

  // DESIGN.md's reference: PyTorch reaches val BCE 0.120 after 10 epochs; the issue asks for
  // the same settings to land within 5% of it.
  it('reaches the reference validation BCE (within 5% of 0.120) after 10 full epochs', async () => {
    const { finished } = await train({ epochs: 10 });
    expect(finished.status).toBe('completed');
    console.log(`dense-ae, 10 epochs, mnist-10k: val BCE ${finished.valLoss?.toFixed(4)}`);
    expect(finished.valLoss!).toBeLessThan(0.12 * 1.05);
  }, 600_000);
});

// DESIGN.md's reference VAE reaches a validation negative ELBO of 125.7 nats after 10 epochs;
// the model-zoo issue asks for the same settings to land within 3% of it.
it('the VAE reaches the reference negative ELBO (within 3% of 125.7 nats) after 10 epochs', async () => {
  const { finished } = await train({ model: 'vae', epochs: 10 });
  console.log(`vae, 10 epochs, mnist-10k: val negative ELBO ${finished.valLoss?.toFixed(2)} nats`);
  expect(finished.valLoss!).toBeLessThan(125.7 * 1.03);
}, 600_000);

// DESIGN.md's reference conv AE reaches a validation BCE of 0.119 after 10 epochs in
// PyTorch; the model-zoo issue asks for the same settings to land within 5% of it.
it('the conv AE reaches the reference validation BCE (within 5% of 0.119) after 10 epochs', async () => {
  const { finished } = await train({ model: 'conv-ae', epochs: 10 });
  console.log(`conv-ae, 10 epochs, mnist-10k: val BCE ${finished.valLoss?.toFixed(4)}`);
  expect(finished.valLoss!).toBeLessThan(0.119 * 1.05);
}, 900_000);
