import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainingConfig } from '../../protocol';
import type { ModelKind } from '../../protocol';
import { selectBackend } from '../backend';
import { gaussianFitKlToPrior } from './aae';
import { discriminatorLoss, nonSaturatingGeneratorLoss, shareCalledFake, shareCalledReal } from './adversarial-losses';
import { createModel, modelArgs } from './index';
import { blobs } from './test-blobs';
import type { Metrics, TrainableModel } from './index';

beforeAll(async () => {
  expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
});


const MNIST_SHAPE = { width: 28, height: 28, channels: 1 };
const build = (kind: ModelKind, overrides: Partial<TrainingConfig> = {}, shape = MNIST_SHAPE): TrainableModel =>
  createModel(kind, modelArgs(TrainingConfig.parse({ datasetId: 'x', model: kind, learningRate: 3e-3, ...overrides }), shape));

/** The first value of a tensor computed by `make`, which is then freed. */
async function value(make: () => tf.Tensor): Promise<number> {
  const t = tf.tidy(make);
  const v = (await t.data())[0]!;
  t.dispose();
  return v;
}

/** Downloads and disposes a step's metrics. */
async function read(metrics: Metrics): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, t] of Object.entries(metrics)) out[name] = (await t.data())[0]!;
  tf.dispose(Object.values(metrics));
  return out;
}

const noise = (count: number, dim: number): tf.Tensor2D => tf.randomNormal([count, dim], 0, 1, 'float32', 11);

describe('adversarial losses', () => {
  it('score an undecided discriminator as 2 ln 2 (D) and ln 2 (G), and stay finite for huge logits', async () => {
    const undecided = tf.zeros([4, 1]);
    expect(await value(() => discriminatorLoss(undecided, undecided))).toBeCloseTo(2 * Math.LN2, 5);
    expect(await value(() => nonSaturatingGeneratorLoss(undecided))).toBeCloseTo(Math.LN2, 5);
    const sure = tf.fill([4, 1], 200);
    expect(await value(() => discriminatorLoss(sure, tf.neg(sure)))).toBeCloseTo(0, 5);
    expect(await value(() => nonSaturatingGeneratorLoss(tf.neg(sure)))).toBeCloseTo(200, 3);
    const logits = tf.tensor2d([[2], [-1], [0.5], [-3]]);
    expect(await value(() => shareCalledReal(logits))).toBe(0.5);
    expect(await value(() => shareCalledFake(logits))).toBe(0.5);
    tf.dispose([undecided, sure, logits]);
  });

  it('priorGap: about 0 for codes from N(0, I), the closed form for a shifted, narrow Gaussian', async () => {
    const standard = tf.randomNormal([20_000, 4], 0, 1, 'float32', 5) as tf.Tensor2D;
    expect(await value(() => gaussianFitKlToPrior(standard))).toBeLessThan(0.01);
    // per dim: KL(N(3, 0.5^2) || N(0, 1)) = (0.25 + 9 - 1 - ln 0.25) / 2
    const shifted = tf.tidy(() => tf.add(tf.mul(standard, 0.5), 3)) as tf.Tensor2D;
    expect(await value(() => gaussianFitKlToPrior(shifted))).toBeCloseTo(4 * 0.5 * (0.25 + 9 - 1 - Math.log(0.25)), 1);
    tf.dispose([standard, shifted]);
  });
});

describe('dcgan', () => {
  it('trains 30 steps: finite metrics, accuracies in [0, 1], no leaked tensors, fakes move toward the data', async () => {
    const x = blobs(64, 28, 28, 1, 1);
    const model = build('dcgan');
    expect(model.metricNames).toEqual(['loss', 'gLoss', 'dAccReal', 'dAccFake']);
    expect(model.encode).toBeUndefined();
    expect(model.reconstruct).toBeUndefined();
    const z = noise(64, model.latentDim);
    const realMean = await value(() => tf.mean(x));
    const fakeMean = (): Promise<number> => value(() => tf.mean(model.decode(z)));
    const gapBefore = Math.abs((await fakeMean()) - realMean);
    let afterFirst = 0;
    for (let step = 0; step < 30; step++) {
      const m = await read(model.trainStep(x, { epoch: 1 }));
      expect(Object.values(m).every(Number.isFinite)).toBe(true);
      for (const acc of [m['dAccReal']!, m['dAccFake']!]) expect(acc >= 0 && acc <= 1).toBe(true);
      if (step === 0) afterFirst = tf.memory().numTensors;
    }
    // flat from step 2 on: the first step creates Adam's moments, nothing accumulates after
    expect(tf.memory().numTensors).toBe(afterFirst);
    const images = model.decode(z);
    expect(images.shape).toEqual([64, 784]);
    expect(await value(() => tf.min(images))).toBeGreaterThanOrEqual(0);
    expect(await value(() => tf.max(images))).toBeLessThanOrEqual(1);
    // the generator starts at grey (sigmoid(0) = 0.5); blobs are mostly dark
    expect(Math.abs((await fakeMean()) - realMean)).toBeLessThan(gapBefore * 0.5);
    tf.dispose([x, z, images]);
    model.dispose();
  });

  it('evaluate changes nothing (batch-norm statistics included) and leaks nothing', async () => {
    const x = blobs(32, 28, 28, 1, 2);
    const model = build('dcgan');
    tf.dispose(Object.values(model.trainStep(x, { epoch: 1 })));
    const z = noise(8, model.latentDim);
    const before = model.decode(z);
    const tensors = tf.memory().numTensors;
    const m = await read(model.evaluate(x, { epoch: 1 }));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(Object.keys(m).sort()).toEqual([...model.metricNames].sort());
    const after = model.decode(z);
    expect(await after.data()).toEqual(await before.data());
    tf.dispose([x, z, before, after]);
    model.dispose();
  });

  it('restores generator, discriminator (with batch-norm moving statistics), optimizers and noise position exactly', async () => {
    const x = blobs(32, 28, 28, 1, 3);
    const a = build('dcgan');
    for (let step = 0; step < 3; step++) tf.dispose(Object.values(a.trainStep(x, { epoch: 1 })));
    const state = await a.saveState();
    // generator: 8 trainable tensors + 2 batch-norms x (moving mean, moving variance)
    expect(state['generator']).toHaveLength(12);
    expect(Object.keys(state).sort()).toEqual(['discriminator', 'generator', 'noise', 'optimizer-discriminator', 'optimizer-generator']);
    // another seed: every weight must come from the state
    const b = build('dcgan', { seed: 99 });
    await b.loadState(state);
    const z = noise(16, a.latentDim);
    const [ya, yb] = [a.decode(z), b.decode(z)];
    expect(await yb.data()).toEqual(await ya.data());
    // a resumed run (same settings) takes the very step the original takes next
    const resumed = build('dcgan');
    await resumed.loadState(state);
    const [ma, mr] = [await read(a.trainStep(x, { epoch: 1 })), await read(resumed.trainStep(x, { epoch: 1 }))];
    expect(mr).toEqual(ma);
    tf.dispose([x, z, ya, yb, ...Object.values(state).flatMap((g) => g.map((w) => w.tensor))]);
    [a, b, resumed].forEach((m) => m.dispose());
  });

  it('refuses sides that are not multiples of 4', () => {
    expect(() => build('dcgan', {}, { width: 30, height: 30, channels: 1 })).toThrow(/multiples of 4/);
  });
});

describe('aae', () => {
  it('pulls its codes toward N(0, I) far closer than a plain dense AE, and its reconstruction loss falls', async () => {
    const x = blobs(128, 28, 28, 1, 4);
    const steps = 150;
    const train = async (model: TrainableModel): Promise<{ first: number; last: number; priorGap: number }> => {
      let first = 0;
      let last = 0;
      for (let step = 0; step < steps; step++) {
        const m = await read(model.trainStep(x, { epoch: 1 }));
        if (step === 0) first = m['loss']!;
        last = m['loss']!;
      }
      const codes = model.encode!(x);
      const priorGap = await value(() => gaussianFitKlToPrior(codes));
      codes.dispose();
      model.dispose();
      return { first, last, priorGap };
    };
    const aae = await train(build('aae', { latentDim: 8, learningRate: 1e-3 }));
    const ae = await train(build('dense-ae', { latentDim: 8, learningRate: 1e-3 }));
    console.log(`priorGap after ${steps} steps, 8-D codes: aae ${aae.priorGap.toFixed(3)} nats, dense-ae ${ae.priorGap.toFixed(3)} nats; aae BCE ${aae.first.toFixed(4)} -> ${aae.last.toFixed(4)}`);
    expect(aae.priorGap).toBeLessThan(ae.priorGap * 0.25);
    expect(aae.last).toBeLessThan(aae.first * 0.8);
    x.dispose();
  });

  it('with an adversarial loss on reconstructions: trains, reports imgDLoss, resumes exactly from its checkpoint', async () => {
    const x = blobs(64, 28, 28, 1, 5);
    const model = build('aae', { imageAdversarialWeight: 0.1 });
    expect(model.metricNames).toContain('imgDLoss');
    let afterFirst = 0;
    for (let step = 0; step < 10; step++) {
      const m = await read(model.trainStep(x, { epoch: 1 }));
      expect(Object.values(m).every(Number.isFinite)).toBe(true);
      expect(m['imgDLoss']).toBeGreaterThan(0);
      if (step === 0) afterFirst = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(afterFirst);
    const evaluated = await read(model.evaluate(x, { epoch: 1 }));
    expect(Object.keys(evaluated).sort()).toEqual([...model.metricNames].sort());
    const state = await model.saveState();
    expect(Object.keys(state).sort()).toEqual([
      'decoder',
      'encoder',
      'imageDiscriminator',
      'latentDiscriminator',
      'noise',
      'optimizer-imageDiscriminator',
      'optimizer-latentDiscriminator',
      'optimizer-reconstruction',
      'optimizer-regularisation',
    ]);
    // a resumed run (same settings) takes the very step the original takes next
    const resumed = build('aae', { imageAdversarialWeight: 0.1 });
    await resumed.loadState(state);
    expect(await read(resumed.trainStep(x, { epoch: 1 }))).toEqual(await read(model.trainStep(x, { epoch: 1 })));
    tf.dispose([x, ...Object.values(state).flatMap((g) => g.map((w) => w.tensor))]);
    model.dispose();
    resumed.dispose();
  });
});

describe('other input shapes: 16x16 RGB, one step each', () => {
  const shape = { width: 16, height: 16, channels: 3 };
  it.each([
    ['dcgan', {}],
    ['aae', {}],
    ['aae', { imageAdversarialWeight: 0.1 }],
  ] as const)('%s %o', async (kind, overrides) => {
    const x = blobs(8, 16, 16, 3, 6);
    const model = build(kind, overrides, shape);
    const m = await read(model.trainStep(x, { epoch: 1 }));
    expect(Object.values(m).every(Number.isFinite)).toBe(true);
    const z = noise(8, model.latentDim);
    const images = model.decode(z);
    expect(images.shape).toEqual([8, 16 * 16 * 3]);
    if (model.reconstruct) {
      const y = model.reconstruct(x);
      expect(y.shape).toEqual([8, 16 * 16 * 3]);
      y.dispose();
    }
    tf.dispose([x, z, images]);
    model.dispose();
  });
});
