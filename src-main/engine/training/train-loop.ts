/**
 * The training loop shared by the UI, the CLI and the tests. It owns the run's tensors,
 * yields to the event loop between batches so a stop or pause is seen at once, writes a
 * checkpoint after every epoch, and reports through the callbacks its caller gives it.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, TrainingConfig, TrainingProgress } from '../../protocol';
import { gatherBatch } from '../data/image-set';
import type { ImageSet } from '../data/image-set';
import { createModel, disposeState, modelArgs } from '../models';
import type { Metrics, TrainableModel } from '../models';
import type { CheckpointContent, CheckpointSlot, LoadedCheckpoint } from './checkpoint-store';
import type { PauseGate } from './pause-gate';
import { ProgressEmitter } from './progress-emitter';
import { seededRandom, shuffleInPlace } from './random';
import { selectSplit } from './split';

/** How many validation digits are shown beside their reconstructions. */
export const RECONSTRUCTION_COUNT = 16;
/** How many samples from fixed noise a generative run shows each epoch. */
export const SAMPLE_COUNT = 16;
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
  /** writes checkpoints; absent = none (benchmarks) */
  saveCheckpoint?: (slot: CheckpointSlot, content: CheckpointContent) => Promise<void>;
  /** continue from this checkpoint (its epochs are done) up to `config.epochs` */
  resumeFrom?: LoadedCheckpoint;
  pause?: PauseGate;
  /** told of the model once it is ready and after every epoch (with the epochs done), and
   * given null when the run ends: lets inference use the latest weights without a copy */
  onModel?: (model: TrainableModel | null, epochsDone: number) => void;
  /** milliseconds clock; injectable for tests */
  now?: () => number;
  batchEventIntervalMs?: number;
}

/** The final event of a run. */
export type FinishedEvent = Extract<TrainingProgress, { kind: 'finished' }>;

/** What a checkpoint's `meta` holds besides the tensors. */
interface LoopMeta {
  seq: number;
  best: number | null;
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Trains one model to the end, a stop, or a failure; never throws for a training failure. */
export async function runTraining(options: TrainLoopOptions): Promise<FinishedEvent> {
  const { config, dataset, signal, resumeFrom } = options;
  const now = options.now ?? (() => performance.now());
  const resumedMeta = resumeFrom ? readMeta(resumeFrom.meta) : null;
  let finished: FinishedEvent | null = null;
  const progress = new ProgressEmitter(
    options.runId,
    (event) => {
      if (event.kind === 'finished') finished = event;
      options.emit(event);
    },
    now,
    options.batchEventIntervalMs,
    resumedMeta?.seq ?? 0,
  );
  const { width, height, channels } = dataset.summary;
  const pixels = width * height * channels;
  const split = selectSplit(dataset, config);
  const trainIndices = split.train;
  const batchesPerEpoch = Math.ceil(trainIndices.length / config.batchSize);
  const startEpoch = resumeFrom?.epoch ?? 0;
  const totalSteps = batchesPerEpoch * config.epochs;
  const random = seededRandom(config.seed);
  // replaying the shuffles of the epochs already done keeps a resumed run's order exact
  for (let e = 0; e < startEpoch; e++) shuffleInPlace(trainIndices, random);
  const sampleIndices = spreadSample(split.val, RECONSTRUCTION_COUNT);
  const originals = gatherBatch(dataset, sampleIndices);

  let model: TrainableModel | null = null;
  let epochsDone = startEpoch;
  let valLoss: number | null = resumeFrom?.valLoss ?? null;
  let best = resumedMeta?.best ?? null;
  const finish = (status: FinishedEvent['status'], message?: string): FinishedEvent => {
    progress.emit({ kind: 'finished', status, epochsDone, valLoss, ...(message ? { message } : {}) });
    return finished!;
  };

  try {
    if (trainIndices.length === 0) return finish('failed', split.emptyReason ?? 'The dataset has no training images.');
    if (split.val.length === 0) return finish('failed', 'The validation split is empty, so the run could not be evaluated.');
    model = createModel(config.model, modelArgs(config, dataset.summary));
    if (resumeFrom) await model.loadState(resumeFrom.groups);
    options.onModel?.(model, startEpoch);
    progress.emit({
      kind: 'started',
      config,
      trainCount: trainIndices.length,
      valCount: split.val.length,
      batchesPerEpoch,
      backend: options.backend,
      metricNames: [...model.metricNames],
      startEpoch,
    });
    const startedAt = now();
    let step = startEpoch * batchesPerEpoch;
    let windowStart = now();
    let windowSamples = 0;
    for (let epoch = startEpoch + 1; epoch <= config.epochs; epoch++) {
      const epochStart = now();
      shuffleInPlace(trainIndices, random);
      const sums = new MetricSums();
      for (let batch = 1; batch <= batchesPerEpoch; batch++) {
        if (options.pause?.paused) {
          progress.emit({ kind: 'paused', paused: true });
          await options.pause.wait(signal);
          if (!signal.aborted) progress.emit({ kind: 'paused', paused: false });
          // the pause is not training time
          windowStart = now();
          windowSamples = 0;
        }
        if (signal.aborted) return finish('stopped', `Stopped by the user during epoch ${epoch}.`);
        const from = (batch - 1) * config.batchSize;
        const to = Math.min(from + config.batchSize, trainIndices.length);
        const x = tf.tensor2d(gatherBatch(dataset, trainIndices, from, to), [to - from, pixels]);
        const metrics = await readMetrics(model.trainStep(x, { epoch }));
        x.dispose();
        const loss = metrics['loss']!;
        const bad = Object.entries(metrics).find(([, v]) => !Number.isFinite(v));
        if (bad) {
          return finish(
            'failed',
            `The ${bad[0]} became ${bad[1]} at epoch ${epoch}, batch ${batch}: training diverged. ` +
              `The last good checkpoint (epoch ${epochsDone}) is kept; try a lower learning rate (now ${config.learningRate}).`,
          );
        }
        step++;
        sums.add(metrics, to - from);
        windowSamples += to - from;
        const lastOfEpoch = batch === batchesPerEpoch;
        if (progress.batchDue() || lastOfEpoch) {
          const t = now();
          const samplesPerSec = (windowSamples * 1000) / Math.max(1, t - windowStart);
          windowStart = t;
          windowSamples = 0;
          const stepsDone = step - startEpoch * batchesPerEpoch;
          const etaSec = (((t - startedAt) / stepsDone) * (totalSteps - step)) / 1000;
          // the epoch's last batch always goes out, so the bar never ends short of 100%
          progress.emit({ kind: 'batch', epoch, batch, batchesPerEpoch, epochs: config.epochs, step, loss, metrics, samplesPerSec, etaSec }, lastOfEpoch);
        }
        await nextTick();
      }
      const valMetrics = await evaluate(model, dataset, split.val, pixels, epoch, signal);
      if (valMetrics === null) return finish('stopped', `Stopped by the user during validation of epoch ${epoch}.`);
      valLoss = valMetrics['loss']!;
      if (!Number.isFinite(valLoss)) {
        return finish('failed', `The validation loss became ${valLoss} at epoch ${epoch}. The last good checkpoint (epoch ${epochsDone}) is kept.`);
      }
      const trainMetrics = sums.means();
      progress.emit({
        kind: 'epoch',
        epoch,
        epochs: config.epochs,
        step,
        trainLoss: trainMetrics['loss']!,
        valLoss,
        trainMetrics,
        valMetrics,
        seconds: (now() - epochStart) / 1000,
      });
      const isBest = best === null || valLoss < best;
      if (isBest) best = valLoss;
      if (options.saveCheckpoint) await checkpoint(model, options.saveCheckpoint, epoch, valLoss, { seq: progress.lastSeq(), best }, isBest);
      epochsDone = epoch;
      options.onModel?.(model, epoch);
      if (model.reconstruct) {
        const reconstruct = model.reconstruct;
        const reconstructions = await imagesOf(tf.tidy(() => reconstruct(tf.tensor2d(originals, [sampleIndices.length, pixels]))));
        progress.emit({ kind: 'reconstructions', epoch, count: sampleIndices.length, width, height, originals, reconstructions });
      }
      if (model.generative) {
        const decoder = model;
        const images = await imagesOf(tf.tidy(() => decoder.decode(fixedNoise(decoder.latentDim, config.seed))));
        progress.emit({ kind: 'samples', epoch, count: SAMPLE_COUNT, width, height, images });
      }
    }
    return finish('completed');
  } catch (error) {
    return finish('failed', `Training failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    options.onModel?.(null, epochsDone);
    model?.dispose();
  }
}

/** `count` indices evenly spaced through `indices`: datasets stored by class show every class. */
export function spreadSample(indices: Int32Array, count: number): Int32Array {
  const n = Math.min(count, indices.length);
  return Int32Array.from({ length: n }, (_, i) => indices[Math.floor((i * indices.length) / n)]!);
}

/** Writes the epoch's checkpoint as "last", and as "best" when it beats every earlier one. */
async function checkpoint(
  model: TrainableModel,
  save: NonNullable<TrainLoopOptions['saveCheckpoint']>,
  epoch: number,
  valLoss: number,
  meta: LoopMeta,
  isBest: boolean,
): Promise<void> {
  const groups = await model.saveState();
  try {
    const content: CheckpointContent = { epoch, valLoss, groups, meta: { ...meta } };
    await save('last', content);
    if (isBest) await save('best', content);
  } finally {
    disposeState(groups);
  }
}

function readMeta(meta: Record<string, unknown>): LoopMeta {
  return {
    seq: typeof meta['seq'] === 'number' ? meta['seq'] : 0,
    best: typeof meta['best'] === 'number' ? meta['best'] : null,
  };
}

/** Downloads and disposes a step's metric tensors. */
async function readMetrics(metrics: Metrics): Promise<Record<string, number>> {
  const names = Object.keys(metrics);
  const values = await Promise.all(names.map((name) => metrics[name]!.data()));
  for (const tensor of Object.values(metrics)) tensor.dispose();
  return Object.fromEntries(names.map((name, i) => [name, values[i]![0]!]));
}

/** Sample-weighted running means of named metrics. */
class MetricSums {
  private readonly sums = new Map<string, number>();
  private count = 0;

  add(metrics: Record<string, number>, samples: number): void {
    for (const [name, value] of Object.entries(metrics)) this.sums.set(name, (this.sums.get(name) ?? 0) + value * samples);
    this.count += samples;
  }

  means(): Record<string, number> {
    return Object.fromEntries([...this.sums].map(([name, sum]) => [name, sum / this.count]));
  }
}

/** Metrics over a whole split, or null if stopped meanwhile. */
async function evaluate(
  model: TrainableModel,
  dataset: ImageSet,
  indices: Int32Array,
  pixels: number,
  epoch: number,
  signal: AbortSignal,
): Promise<Record<string, number> | null> {
  const sums = new MetricSums();
  for (let from = 0; from < indices.length; from += EVAL_BATCH) {
    if (signal.aborted) return null;
    const to = Math.min(from + EVAL_BATCH, indices.length);
    const x = tf.tensor2d(gatherBatch(dataset, indices, from, to), [to - from, pixels]);
    sums.add(await readMetrics(model.evaluate(x, { epoch })), to - from);
    x.dispose();
    await nextTick();
  }
  return sums.means();
}

/** The run's noise vectors: drawn from its seed, so every epoch decodes the same codes. */
function fixedNoise(latentDim: number, seed: number): tf.Tensor2D {
  return tf.randomNormal([SAMPLE_COUNT, latentDim], 0, 1, 'float32', seed + 424_242);
}

/** Downloads images and disposes their tensor. */
async function imagesOf(images: tf.Tensor2D): Promise<Float32Array> {
  const values = (await images.data()) as Float32Array;
  images.dispose();
  return values;
}
