// The Generate area through the engine's front door: requests and replies checked by the
// contract, on a tiny VAE trained for two epochs (and a dense AE that must be refused).
import { readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClassBalanceProgress, MethodName, MethodParams, MethodResult, TrainingProgress } from '../../protocol';
import { checkRequest, checkResult } from '../../protocol';
import { selectBackend } from '../backend';
import { Engine } from '../engine';
import { DatasetRegistry } from '../data/registry';
import { gatherBatch } from '../data/image-set';
import { balanceWarning } from './class-balance';
import { ClassifierCache, classify, trainClassifier } from './classifier';
import { addGaussianKl, summariseCodes } from './latent-stats';

let dataDir: string;
const progress: ClassBalanceProgress[] = [];
let call: <M extends MethodName>(method: M, params: MethodParams<M>) => Promise<MethodResult<M>>;
let train: (params: MethodParams<'startTraining'>) => Promise<string>;

beforeAll(async () => {
  const backend = await selectBackend({ preferred: 'wasm' });
  dataDir = await mkdtemp(join(tmpdir(), 'latent-generate-'));
  const finished = new Set<string>();
  const instance = new Engine({
    backend,
    dataDir,
    emit: (event, payload) => {
      const p = payload as TrainingProgress;
      if (event === 'trainingProgress' && p.kind === 'finished') finished.add(p.runId);
      if (event === 'classBalanceProgress') progress.push(payload as ClassBalanceProgress);
    },
  });
  call = async (method, params) => {
    const checked = checkRequest({ type: 'request', id: 1, method, params });
    if (!checked.ok) throw new Error(checked.error.message);
    const result = await instance.handle(checked.value);
    const valid = checkResult(method, result);
    if (!valid.ok) throw new Error(valid.error.message);
    return valid.value as never;
  };
  train = async (params) => {
    const { runId } = await call('startTraining', params);
    while (!finished.has(runId)) await new Promise((resolve) => setTimeout(resolve, 10));
    await instance.idle();
    return runId;
  };
});

describe('generating with a trained VAE', () => {
  let vae: string;
  beforeAll(async () => {
    vae = await train({ datasetId: 'mnist-10k', model: 'vae', epochs: 2, maxTrainSamples: 256, latentDim: 4, batchSize: 64 });
  }, 120_000);

  it('samples the prior: seeded, scaled by temperature, decoded to images', async () => {
    const a = await call('sampleLatents', { runId: vae, count: 6, seed: 5 });
    expect(a).toMatchObject({ count: 6, dim: 4, width: 28, height: 28, channels: 1 });
    expect(a.images).toHaveLength(6 * 784);
    expect(await call('sampleLatents', { runId: vae, count: 6, seed: 5 })).toEqual(a);
    const b = await call('sampleLatents', { runId: vae, count: 6, seed: 6 });
    expect(b.images).not.toEqual(a.images);
    const half = await call('sampleLatents', { runId: vae, count: 6, seed: 5, temperature: 0.5 });
    expect(half.codes[3]).toBeCloseTo(a.codes[3]! / 2, 5);
    // at temperature 0 every code is the prior's mean, so every image is the same
    const mean = await call('sampleLatents', { runId: vae, count: 2, seed: 5, temperature: 0 });
    expect(mean.images.subarray(0, 784)).toEqual(mean.images.subarray(784));
  });

  it('encodes dataset images by index, with their labels', async () => {
    const encoded = await call('encodeImages', { runId: vae, indices: Int32Array.from([0, 1, 1]) });
    expect(encoded).toMatchObject({ count: 3, dim: 4 });
    expect(encoded.codes.subarray(4, 8)).toEqual(encoded.codes.subarray(8, 12));
    expect(encoded.codes.subarray(0, 4)).not.toEqual(encoded.codes.subarray(4, 8));
    expect(encoded.labels).toEqual(Uint8Array.from([0, 0, 0]));
    expect(encoded.images.some((v) => v > 0)).toBe(true);
    await expect(call('encodeImages', { runId: vae, indices: Int32Array.from([10_000]) })).rejects.toThrow(/out of range: the dataset has 10000 images/);
  });

  it("ranks a VAE's dimensions by their KL to the prior and gives a mean code per label", async () => {
    const stats = await call('getLatentStats', { runId: vae });
    expect(stats).toMatchObject({ dim: 4, measure: 'kl', samples: 2000 });
    expect(stats.usage!.every((v) => v > 0)).toBe(true);
    expect(stats.groups.map((g) => g.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(stats.groups.reduce((n, g) => n + g.count, 0)).toBe(2000);
    // the overall mean is the count-weighted mean of the group means
    const weighted = stats.groups.reduce((s, g) => s + g.mean[0]! * g.count, 0) / 2000;
    expect(weighted).toBeCloseTo(stats.mean![0]!, 4);
  });

  it('lists and returns the fixed-noise grid of every epoch', async () => {
    expect(await call('listSampleHistory', { runId: vae })).toEqual({ epochs: [1, 2] });
    const grid = await call('getSampleHistory', { runId: vae, epoch: 2 });
    expect(grid).toMatchObject({ epoch: 2, width: 4 * 28 + 3 * 2, height: 4 * 28 + 3 * 2, channels: 1 });
    const first = await call('getSampleHistory', { runId: vae, epoch: 1 });
    expect(first.image).not.toEqual(grid.image);
    await expect(call('getSampleHistory', { runId: vae, epoch: 3 })).rejects.toThrow(/no sample grid for epoch 3/);
    await expect(call('listSampleHistory', { runId: 'no-such-run' })).rejects.toThrow(/There is no run no-such-run/);
  });

  it('judges the class balance of prior samples with a classifier trained once per dataset', async () => {
    progress.length = 0;
    const balance = await call('getClassBalance', { runId: vae, count: 500 });
    expect(balance.count).toBe(500);
    expect(balance.classes.map((c) => c.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(balance.classes.reduce((n, c) => n + c.count, 0)).toBe(500);
    // a dense classifier learns MNIST well in a few epochs
    expect(balance.classifierAccuracy).toBeGreaterThan(0.85);
    expect(balance.meanConfidence).toBeGreaterThan(0.1);
    expect(progress.some((p) => p.stage === 'training-classifier' && p.done === p.total)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ stage: 'sampling', done: 500, total: 500 });
    expect(readdirSync(join(dataDir, 'classifiers')).sort()).toEqual(['mnist-10k.bin', 'mnist-10k.json']);
    // the second check reuses the classifier: no training events, the same answer
    progress.length = 0;
    expect(await call('getClassBalance', { runId: vae, count: 500 })).toEqual(balance);
    expect(progress.every((p) => p.stage === 'sampling')).toBe(true);
    // another engine process loads it from disk: nothing trains, it labels the same way
    const dataset = await new DatasetRegistry(dataDir).open('mnist-10k');
    let trained = false;
    const loaded = await new ClassifierCache(join(dataDir, 'classifiers')).get(dataset, () => (trained = true));
    expect(trained).toBe(false);
    expect(loaded.accuracy).toBe(balance.classifierAccuracy);
    const fresh = await trainClassifier(dataset);
    const x = gatherBatch(dataset, Int32Array.from([0, 5, 10, 15, 20]));
    expect((await classify(loaded.model, dataset.summary, x, 5)).labels).toEqual((await classify(fresh.model, dataset.summary, x, 5)).labels);
  }, 120_000);

  it('refuses to sample from a model without a prior, saying what to pick', async () => {
    const ae = await train({ datasetId: 'mnist-10k', model: 'dense-ae', epochs: 1, maxTrainSamples: 128 });
    await expect(call('sampleLatents', { runId: ae })).rejects.toThrow(/is a dense-ae, which does not decode samples from a prior; pick a vae/);
    expect(await call('listSampleHistory', { runId: ae })).toEqual({ epochs: [] });
  }, 60_000);

  it('refuses oversized and malformed requests at the contract', () => {
    expect(checkRequest({ type: 'request', id: 1, method: 'sampleLatents', params: { runId: vae, count: 257 } }).ok).toBe(false);
    expect(checkRequest({ type: 'request', id: 1, method: 'sampleLatents', params: { runId: vae, temperature: -1 } }).ok).toBe(false);
    expect(checkRequest({ type: 'request', id: 1, method: 'encodeImages', params: { runId: vae, indices: new Int32Array(257) } }).ok).toBe(false);
    expect(checkRequest({ type: 'request', id: 1, method: 'encodeImages', params: { runId: vae, indices: [1, 2] } }).ok).toBe(false);
  });
});

describe('generating with a trained DCGAN', () => {
  it('samples, has no encoder to measure or encode with, and records its fixed-noise grid per epoch', async () => {
    const gan = await train({ datasetId: 'mnist-10k', model: 'dcgan', epochs: 2, maxTrainSamples: 64, latentDim: 8, batchSize: 32 });
    const samples = await call('sampleLatents', { runId: gan, count: 4, seed: 2 });
    expect(samples).toMatchObject({ count: 4, dim: 8, width: 28, height: 28 });
    expect(await call('getLatentStats', { runId: gan })).toMatchObject({ dim: 8, measure: 'none', samples: 0, usage: null, mean: null, groups: [] });
    await expect(call('encodeImages', { runId: gan, indices: Int32Array.from([0]) })).rejects.toThrow(
      'A dcgan has no encoder, so dataset images have no codes; interpolate between two samples instead.',
    );
    expect(await call('listSampleHistory', { runId: gan })).toEqual({ epochs: [1, 2] });
  }, 120_000);
});

describe('latent statistics', () => {
  it('sums the Gaussian KL per dimension: 0 at the prior, mu^2/2 for a shifted mean', () => {
    const sums = new Float64Array(2);
    addGaussianKl(sums, Float32Array.from([0, 2, 0, 0]), Float32Array.from([0, 0, 0, Math.log(4)]), 2);
    expect(sums[0]).toBeCloseTo(0, 10);
    // row 1 dim 1: mu 2 -> 2; row 2 dim 1: var 4 -> 0.5 * (4 - ln 4 - 1)
    expect(sums[1]).toBeCloseTo(2 + 0.5 * (3 - Math.log(4)), 6);
  });

  it('computes per-dimension sample variances, the mean and label-group means', () => {
    // dim 0 varies (1, 3, 5, 7), dim 1 is constant
    const codes = Float32Array.from([1, 2, 3, 2, 5, 2, 7, 2]);
    const { usage, mean, groups } = summariseCodes(codes, 2, Uint8Array.from([4, 4, 1, 4]), ['a', 'b', 'c', 'd', 'e']);
    expect([...usage!]).toEqual([20 / 3, 0].map((v) => Math.fround(v)));
    expect([...mean!]).toEqual([4, 2]);
    expect(groups).toEqual([
      { label: 1, name: 'b', count: 1, mean: Float32Array.from([5, 2]) },
      { label: 4, name: 'e', count: 3, mean: Float32Array.from([11 / 3, 2]) },
    ]);
    expect(summariseCodes(codes, 2, null, undefined).groups).toEqual([]);
  });
});

describe('balanceWarning', () => {
  it('names classes that are missing or dominate, and stays quiet when balanced', () => {
    expect(balanceWarning([100, 95, 105, 100], null)).toBeNull();
    expect(balanceWarning([200, 4, 96, 100], null)).toBe('Possible mode collapse: class 1 is (almost) never generated.');
    expect(balanceWarning([700, 100, 100, 100], ['T-shirt', 'Trouser', 'Bag', 'Coat'])).toBe(
      'Possible mode collapse: class 0 (T-shirt) 70% takes far more than a fair 25%.',
    );
    expect(balanceWarning([0, 0, 600, 400], ['0', '1', '2', '3'])).toBe(
      'Possible mode collapse: classes 0, 1 are (almost) never generated.',
    );
  });
});
