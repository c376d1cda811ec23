/**
 * The training loop shared by the UI, the CLI and the tests. It owns the run's tensors,
 * yields to the event loop between batches so a stop request is seen at once, and reports
 * through the callbacks its caller gives it.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, TrainingConfig, TrainingProgress } from '../../protocol';
import { gatherBatch } from '../data/image-set';
import type { ImageSet } from '../data/image-set';
import { createModel } from '../models';
import type { AutoencoderModel } from '../models';
import { ProgressEmitter } from './progress-emitter';
import { seededRandom, shuffleInPlace } from './random';

/** How many validation digits are shown beside their reconstructions. */
export const RECONSTRUCTION_COUNT = 16;
const EVAL_BATCH = 500;

export interface TrainLoopOptions {
  runId: string;
  config: TrainingConfig;
  dataset: ImageSet;
  backend: BackendName;
  /** receives every progress event (already throttled) */
  emit: (event: TrainingProgress) => void;
  /** aborting stops the run between two batches */
  signal: AbortSignal;
  /** milliseconds clock; injectable for tests */
  now?: () => number;
  batchEventIntervalMs?: number;
}

/** The final event of a run. */
export type FinishedEvent = Extract<TrainingProgress, { kind: 'finished' }>;

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Trains one model to the end, a stop, or a failure; never throws for a training failure. */
export async function runTraining(options: TrainLoopOptions): Promise<FinishedEvent> {
  const { config, dataset, signal } = options;
  const now = options.now ?? (() => performance.now());
  let finished: FinishedEvent | null = null;
  const progress = new ProgressEmitter(
    options.runId,
    (event) => {
      if (event.kind === 'finished') finished = event;
      options.emit(event);
    },
    now,
    options.batchEventIntervalMs,
  );
  const { width, height, channels } = dataset.summary;
  const pixels = width * height * channels;
  const trainIndices = dataset.trainIndices.slice(0, config.maxTrainSamples ?? dataset.trainIndices.length);
  const batchesPerEpoch = Math.ceil(trainIndices.length / config.batchSize);
  const totalSteps = batchesPerEpoch * config.epochs;
  const random = seededRandom(config.seed);
  const sampleIndices = spreadSample(dataset.valIndices, RECONSTRUCTION_COUNT);
  const originals = gatherBatch(dataset, sampleIndices);

  let model: AutoencoderModel | null = null;
  let epochsDone = 0;
  let valLoss: number | null = null;
  const finish = (status: FinishedEvent['status'], message?: string): FinishedEvent => {
    progress.emit({ kind: 'finished', status, epochsDone, valLoss, ...(message ? { message } : {}) });
    return finished!;
  };

  try {
    if (trainIndices.length === 0) return finish('failed', 'The dataset has no training images.');
    model = createModel(config.model, { width, height, channels, latentDim: config.latentDim, learningRate: config.learningRate, seed: config.seed });
    progress.emit({
      kind: 'started',
      config,
      trainCount: trainIndices.length,
      valCount: dataset.valIndices.length,
      batchesPerEpoch,
      backend: options.backend,
    });
    const startedAt = now();
    let step = 0;
    let windowStart = now();
    let windowSamples = 0;
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const epochStart = now();
      shuffleInPlace(trainIndices, random);
      let lossSum = 0;
      let lossCount = 0;
      for (let batch = 1; batch <= batchesPerEpoch; batch++) {
        if (signal.aborted) return finish('stopped', `Stopped by the user during epoch ${epoch}.`);
        const from = (batch - 1) * config.batchSize;
        const to = Math.min(from + config.batchSize, trainIndices.length);
        const x = tf.tensor2d(gatherBatch(dataset, trainIndices, from, to), [to - from, pixels]);
        const lossTensor = model.trainStep(x);
        const loss = (await lossTensor.data())[0]!;
        x.dispose();
        lossTensor.dispose();
        if (!Number.isFinite(loss)) {
          return finish(
            'failed',
            `The loss became ${loss} at epoch ${epoch}, batch ${batch}: training diverged. Try a lower learning rate (now ${config.learningRate}).`,
          );
        }
        step++;
        lossSum += loss * (to - from);
        lossCount += to - from;
        windowSamples += to - from;
        const lastOfEpoch = batch === batchesPerEpoch;
        if (progress.batchDue() || lastOfEpoch) {
          const t = now();
          const samplesPerSec = (windowSamples * 1000) / Math.max(1, t - windowStart);
          windowStart = t;
          windowSamples = 0;
          const etaSec = (((t - startedAt) / step) * (totalSteps - step)) / 1000;
          // the epoch's last batch always goes out, so the bar never ends short of 100%
          progress.emit({ kind: 'batch', epoch, batch, batchesPerEpoch, epochs: config.epochs, step, loss, samplesPerSec, etaSec }, lastOfEpoch);
        }
        await nextTick();
      }
      valLoss = await evaluate(model, dataset, pixels, signal);
      if (valLoss === null) return finish('stopped', `Stopped by the user during validation of epoch ${epoch}.`);
      epochsDone = epoch;
      progress.emit({
        kind: 'epoch',
        epoch,
        epochs: config.epochs,
        step,
        trainLoss: lossSum / lossCount,
        valLoss,
        seconds: (now() - epochStart) / 1000,
      });
      const reconstructions = await reconstruct(model, originals, sampleIndices.length, pixels);
      progress.emit({ kind: 'reconstructions', epoch, count: sampleIndices.length, width, height, originals, reconstructions });
    }
    return finish('completed');
  } catch (error) {
    return finish('failed', `Training failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    model?.dispose();
  }
}

/** `count` indices evenly spaced through `indices`: datasets stored by class show every class. */
export function spreadSample(indices: Int32Array, count: number): Int32Array {
  const n = Math.min(count, indices.length);
  return Int32Array.from({ length: n }, (_, i) => indices[Math.floor((i * indices.length) / n)]!);
}

/** Mean loss over the validation split, or null if stopped meanwhile. */
async function evaluate(model: AutoencoderModel, dataset: ImageSet, pixels: number, signal: AbortSignal): Promise<number | null> {
  const indices = dataset.valIndices;
  let sum = 0;
  for (let from = 0; from < indices.length; from += EVAL_BATCH) {
    if (signal.aborted) return null;
    const to = Math.min(from + EVAL_BATCH, indices.length);
    const x = tf.tensor2d(gatherBatch(dataset, indices, from, to), [to - from, pixels]);
    const loss = model.loss(x);
    sum += (await loss.data())[0]! * (to - from);
    x.dispose();
    loss.dispose();
    await nextTick();
  }
  return sum / indices.length;
}

async function reconstruct(model: AutoencoderModel, originals: Float32Array, count: number, pixels: number): Promise<Float32Array> {
  const x = tf.tensor2d(originals, [count, pixels]);
  const y = model.reconstruct(x);
  const values = (await y.data()) as Float32Array;
  x.dispose();
  y.dispose();
  return values;
}
