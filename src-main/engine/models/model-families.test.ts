import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelKind, TrainingConfig } from '../../protocol';
import { selectBackend } from '../backend';
import { inputCorruption } from './corruption';
import { createModel, modelArgs } from './index';
import { blobs } from './test-blobs';
import type { TrainableModel } from './index';
import { klWeight } from './variational';

beforeAll(async () => {
  expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
});


/** Reconstructions of `x`, or for a model without an encoder (a GAN) images of fixed noise. */
function output(model: TrainableModel, x: tf.Tensor2D): tf.Tensor2D {
  if (model.reconstruct) return model.reconstruct(x);
  return tf.tidy(() => model.decode(tf.randomNormal([x.shape[0], model.latentDim], 0, 1, 'float32', 7)));
}

const config = (model: ModelKind, overrides: Partial<TrainingConfig> = {}): TrainingConfig =>
  TrainingConfig.parse({ datasetId: 'x', model, learningRate: 3e-3, ...overrides });

describe.each(ModelKind.options)('%s', (kind) => {
  it('trains with a 2-D latent: finite falling loss, codes of size 2, images in [0, 1], no leaked tensors', async () => {
    const x = blobs(64, 28, 28, 1, 1);
    const model = createModel(kind, modelArgs(config(kind, { latentDim: 2 }), { width: 28, height: 28, channels: 1 }));
    const losses: number[] = [];
    let afterFirst = 0;
    for (let step = 0; step < 30; step++) {
      const metrics = model.trainStep(x, { epoch: 1 });
      losses.push((await metrics.loss.data())[0]!);
      tf.dispose(Object.values(metrics));
      if (step === 0) afterFirst = tf.memory().numTensors;
    }
    // tensors stay flat from step to step: nothing accumulates while training
    expect(tf.memory().numTensors).toBe(afterFirst);
    expect(losses.every(Number.isFinite)).toBe(true);
    // a GAN's headline loss is its discriminator's, which need not fall (adversarial.test.ts)
    if (model.reconstruct) expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    // a GAN has no encoder: it decodes noise instead of codes
    const z = model.encode ? model.encode(x) : tf.randomNormal<tf.Rank.R2>([64, 2], 0, 1, 'float32', 7);
    expect(z.shape).toEqual([64, 2]);
    const images = model.decode(z);
    expect(images.shape).toEqual([64, 784]);
    const [min, max] = [(await images.min().data())[0]!, (await images.max().data())[0]!];
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(1);
    expect(model.metricNames[0]).toBe('loss');
    tf.dispose([x, z, images]);
    model.dispose();
  });

  it('takes its input shape from the data: 16x16 RGB', () => {
    const x = blobs(8, 16, 16, 3, 2);
    const model = createModel(kind, modelArgs(config(kind), { width: 16, height: 16, channels: 3 }));
    const metrics = model.trainStep(x, { epoch: 1 });
    const y = output(model, x);
    expect(y.shape).toEqual([8, 16 * 16 * 3]);
    tf.dispose([x, y, ...Object.values(metrics)]);
    model.dispose();
  });

  it('restores its saved state into a fresh model exactly', async () => {
    const x = blobs(16, 28, 28, 1, 3);
    const args = modelArgs(config(kind), { width: 28, height: 28, channels: 1 });
    const a = createModel(kind, args);
    tf.dispose(Object.values(a.trainStep(x, { epoch: 1 })));
    const state = await a.saveState();
    const b = createModel(kind, { ...args, seed: 99 });
    await b.loadState(state);
    const [ya, yb] = [output(a, x), output(b, x)];
    expect(await ya.data()).toEqual(await yb.data());
    tf.dispose([x, ya, yb, ...Object.values(state).flatMap((g) => g.map((w) => w.tensor))]);
    a.dispose();
    b.dispose();
  });
});

describe('VAE settings', () => {
  it('warms the KL weight up linearly over the given epochs', () => {
    expect([1, 2, 3, 4, 5].map((e) => klWeight(2, 4, e))).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(klWeight(0.5, 0, 1)).toBe(0.5);
  });

  it('reports recon + kl = loss (the negative ELBO)', async () => {
    const x = blobs(16, 28, 28, 1, 4);
    const model = createModel('vae', modelArgs(config('vae', { beta: 4 }), { width: 28, height: 28, channels: 1 }));
    const metrics = model.evaluate(x, { epoch: 1 });
    const [loss, recon, kl] = await Promise.all(['loss', 'recon', 'kl'].map(async (k) => (await metrics[k]!.data())[0]!));
    expect(loss).toBeCloseTo(recon! + kl!, 3);
    tf.dispose([x, ...Object.values(metrics)]);
    model.dispose();
  });
});

describe('denoising corruption', () => {
  it('masking zeroes about `amount` of the pixels; Gaussian noise stays in [0, 1]', async () => {
    const x = tf.fill([100, 784], 0.5) as tf.Tensor2D;
    const masked = inputCorruption({ kind: 'masking', amount: 0.3 }, 1)(x);
    const zeroShare = (await tf.mean(tf.equal(masked, 0).toFloat()).data())[0]!;
    expect(zeroShare).toBeGreaterThan(0.28);
    expect(zeroShare).toBeLessThan(0.32);
    const noisy = inputCorruption({ kind: 'gaussian', amount: 0.5 }, 1)(x);
    expect((await noisy.min().data())[0]).toBeGreaterThanOrEqual(0);
    expect((await noisy.max().data())[0]).toBeLessThanOrEqual(1);
    expect((await tf.moments(noisy).variance.data())[0]).toBeGreaterThan(0.05);
    tf.dispose([x, masked, noisy]);
  });

  it('a denoising AE learns to give back clean images from masked ones', async () => {
    const x = blobs(64, 28, 28, 1, 5);
    const model = createModel('dense-ae', modelArgs(config('dense-ae', { noise: { kind: 'masking', amount: 0.5 } }), { width: 28, height: 28, channels: 1 }));
    const first = model.evaluate(x, { epoch: 1 });
    const before = (await first.loss.data())[0]!;
    for (let step = 0; step < 40; step++) tf.dispose(Object.values(model.trainStep(x, { epoch: 1 })));
    const masked = inputCorruption({ kind: 'masking', amount: 0.5 }, 77)(x);
    const y = model.reconstruct!(masked);
    const cleanError = (await tf.losses.logLoss(x, y).data())[0]!;
    expect(cleanError).toBeLessThan(before * 0.8);
    tf.dispose([x, masked, y, ...Object.values(first)]);
    model.dispose();
  });
});
