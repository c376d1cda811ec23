// Scoring runs trained on one digit: from their checkpoints, as the CLI and the UI load them.
import * as tf from '@tensorflow/tfjs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainingConfig } from '../../../protocol';
import { selectBackend } from '../../backend';
import { DatasetRegistry } from '../../data/registry';
import type { ImageSet } from '../../data/image-set';
import { RunModels } from '../../inference/run-models';
import { startRecordedTraining } from '../../runs/recorded-training';
import { RunStore } from '../../runs/run-store';
import { anomalySweep, evaluateAnomalies } from './evaluation';
import { scoreAnomalies } from './scoring';

let datasets: DatasetRegistry;
let mnist: ImageSet;
let store: RunStore;
let models: RunModels;

beforeAll(async () => {
  expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
  const home = await mkdtemp(join(tmpdir(), 'latent-anomaly-'));
  datasets = new DatasetRegistry(home);
  mnist = await datasets.open('mnist-10k');
  store = new RunStore(join(home, 'runs'));
  models = new RunModels(store, datasets);
});

/** Trains `model` on 500 ones for one epoch (batches of 32: 16 steps) and returns the run's id. */
async function trainOnOnes(model: 'dense-ae' | 'vae'): Promise<string> {
  const run = startRecordedTraining({
    config: TrainingConfig.parse({ datasetId: 'mnist-10k', model, epochs: 1, batchSize: 32, classes: [1], maxTrainSamples: 500 }),
    dataset: mnist,
    backend: 'wasm',
    store,
    signal: new AbortController().signal,
    emit: () => {},
  });
  expect((await run.done).status).toBe('completed');
  return run.runId;
}

async function timedScore(runId: string) {
  const { model, dataset } = await models.get(runId);
  const tensors = tf.memory().numTensors;
  const progress: number[] = [];
  const started = performance.now();
  const scores = await scoreAnomalies(model, dataset, mnist, { split: 'val', onProgress: (done, total) => progress.push(done / total) });
  const seconds = (performance.now() - started) / 1000;
  return { scores, progress, samplesPerSecond: scores.indices.length / seconds, leaked: tf.memory().numTensors - tensors };
}

describe('anomaly scoring', () => {
  it('finds non-ones with a dense AE trained on ones (AUROC > 0.7 on validation)', async () => {
    const runId = await trainOnOnes('dense-ae');
    const { scores, progress, samplesPerSecond, leaked } = await timedScore(runId);
    expect(leaked).toBe(0);
    expect(scores.indices).toEqual(mnist.valIndices);
    expect(scores.labels).toHaveLength(2000);
    expect(scores.negElbo).toBeNull();
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBeGreaterThan(1);
    expect(scores.bce.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    expect(scores.mse.every((v) => v >= 0 && v < 1)).toBe(true);
    const bce = evaluateAnomalies(scores, [1], 'bce');
    const mse = evaluateAnomalies(scores, [1], 'mse');
    console.log(`dense-ae on 500 ones, 1 epoch: AUROC bce ${bce.auroc.toFixed(4)}, mse ${mse.auroc.toFixed(4)}; AP bce ${bce.averagePrecision.toFixed(4)}; ${Math.round(samplesPerSecond)} samples/s`);
    expect(bce.auroc).toBeGreaterThan(0.7);
    expect(mse.auroc).toBeGreaterThan(0.7);
    expect(bce.normalCount + bce.anomalousCount).toBe(2000);
    expect(bce.normalCount).toBe(Array.from(scores.labels!).filter((l) => l === 1).length);
    const sweep = anomalySweep(scores, 'bce');
    expect(sweep.map((row) => row.normal)).toEqual([[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]]);
    expect(sweep[1]!.auroc).toBe(bce.auroc);
    console.log(`sweep (bce): ${sweep.map((r) => `${r.normal[0]}: ${r.auroc.toFixed(3)}`).join(', ')}`);
  });

  it("scores a VAE by its negative ELBO too, and stops when aborted", async () => {
    const runId = await trainOnOnes('vae');
    const { scores, samplesPerSecond, leaked } = await timedScore(runId);
    expect(leaked).toBe(0);
    const negElbo = scores.negElbo!;
    expect(negElbo).toHaveLength(2000);
    // nats per image: the summed BCE alone is far above the mean BCE per pixel
    for (let i = 0; i < 50; i++) expect(negElbo[i]!).toBeGreaterThan(scores.bce[i]! * 784 * 0.8);
    const elbo = evaluateAnomalies(scores, [1], 'elbo');
    const bce = evaluateAnomalies(scores, [1], 'bce');
    console.log(`vae on 500 ones, 1 epoch: AUROC elbo ${elbo.auroc.toFixed(4)}, bce ${bce.auroc.toFixed(4)}; ${Math.round(samplesPerSecond)} samples/s`);
    expect(elbo.auroc).toBeGreaterThan(0.7);
    const { model, dataset } = await models.get(runId);
    const controller = new AbortController();
    const scoring = scoreAnomalies(model, dataset, mnist, { split: 'all', signal: controller.signal, onProgress: () => controller.abort() });
    await expect(scoring).rejects.toThrow(/abort/i);
  });

  it('refuses a model without an encoder and images of another shape', async () => {
    const { model, dataset } = await models.get(await trainOnOnes('dense-ae'));
    const small = { ...mnist, summary: { ...mnist.summary, id: 'tiny', width: 14, height: 14 } };
    await expect(scoreAnomalies(model, dataset, small, { split: 'val' })).rejects.toThrow("The model takes 28×28×1 images (mnist-10k); tiny's are 14×14×1.");
    const gan = { ...model, kind: 'dcgan' as const, reconstruct: undefined };
    await expect(scoreAnomalies(gan, dataset, mnist, { split: 'val' })).rejects.toThrow(/A dcgan has no encoder/);
  });
});
