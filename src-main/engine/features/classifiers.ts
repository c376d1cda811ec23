/**
 * The probe's classifiers and their training: a head (logistic regression or one hidden
 * layer) on any features, and a network shaped like the run's encoder trained from scratch.
 * Training is a short seeded loop sized for few labels on wasm: a budget of optimizer steps,
 * early stopping when the training loss stalls, yielding between batches.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelKind, ProbeHead } from '../../protocol';
import type { TimeSlicer } from '../analysis/time-slicer';
import { glorotSequence } from '../models/dense-ae';
import { seededRandom, shuffleInPlace } from '../training/random';

/** Rows of features by position (into a split), as one flat float batch. */
export interface Features {
  /** values per row */
  dim: number;
  rows(positions: ArrayLike<number>): Float32Array;
}

/** Hidden units of the one-hidden-layer head. */
const HEAD_HIDDEN = 128;
/** The dense encoders' hidden layer (DESIGN.md's reference: 784-256-code). */
const ENCODER_HIDDEN = 256;
/** The conv encoders' filters (DESIGN.md: 16@3x3/2, 32@3x3/2). */
const ENCODER_FILTERS = [16, 32] as const;
/** Epochs a classifier gets at least and at most (the step budget decides in between). */
const MIN_EPOCHS = 3;
const MAX_EPOCHS = 300;
/** Early stopping: end when the epoch's loss has not fallen by 1% for this many epochs, or is tiny. */
const PATIENCE = 8;
const LOSS_FLOOR = 0.01;
const MAX_BATCH = 64;
const EVAL_BATCH = 500;

/** A head on `dim` features: logits for `classes`. */
export function buildHead(head: ProbeHead, dim: number, classes: number, seed: number): tf.Sequential {
  const init = glorotSequence(seed);
  const layers =
    head === 'linear'
      ? [tf.layers.dense({ inputShape: [dim], units: classes, kernelInitializer: init() })]
      : [
          tf.layers.dense({ inputShape: [dim], units: HEAD_HIDDEN, activation: 'relu', kernelInitializer: init() }),
          tf.layers.dense({ units: classes, kernelInitializer: init() }),
        ];
  return tf.sequential({ layers });
}

/** Image geometry the scratch network reads its flat input as. */
export interface ImageShape {
  width: number;
  height: number;
  channels: number;
}

/** A network shaped like `kind`'s encoder (same layers up to a `latentDim` code), then a
 * linear head: what the encoder's architecture learns from the labels alone. */
export function buildScratch(kind: ModelKind, shape: ImageShape, latentDim: number, classes: number, seed: number): tf.Sequential {
  const init = glorotSequence(seed);
  const inputSize = shape.width * shape.height * shape.channels;
  const conv = { kernelSize: 3, strides: 2, padding: 'same' as const, activation: 'relu' as const };
  const trunk =
    kind === 'conv-ae' || kind === 'conv-vae'
      ? [
          tf.layers.reshape({ inputShape: [inputSize], targetShape: [shape.height, shape.width, shape.channels] }),
          tf.layers.conv2d({ ...conv, filters: ENCODER_FILTERS[0], kernelInitializer: init() }),
          tf.layers.conv2d({ ...conv, filters: ENCODER_FILTERS[1], kernelInitializer: init() }),
          tf.layers.flatten(),
          tf.layers.dense({ units: latentDim, kernelInitializer: init() }),
        ]
      : [
          tf.layers.dense({ inputShape: [inputSize], units: ENCODER_HIDDEN, activation: 'relu', kernelInitializer: init() }),
          // the dense AE's code is ReLU'd; the VAE's mean and the AAE's code are linear
          tf.layers.dense({ units: latentDim, activation: kind === 'dense-ae' ? 'relu' : 'linear', kernelInitializer: init() }),
        ];
  return tf.sequential({ layers: [...trunk, tf.layers.dense({ units: classes, kernelInitializer: init() })] });
}

/** How a classifier is trained. */
export interface TrainOptions {
  learningRate: number;
  /** optimizer steps at most: a linear head is cheap enough to train to convergence */
  stepBudget: number;
  seed: number;
  slicer: TimeSlicer;
  /** after each epoch: epochs done and the most there will be */
  onEpoch?: (epoch: number, epochs: number) => void;
}

/** Trains `net` on the rows at `positions` with their `labels`; returns the epochs run. */
export async function trainClassifier(net: tf.Sequential, features: Features, positions: Int32Array, labels: Uint8Array, classes: number, options: TrainOptions): Promise<number> {
  const count = positions.length;
  const batch = Math.min(MAX_BATCH, count);
  const stepsPerEpoch = Math.ceil(count / batch);
  const epochs = Math.min(MAX_EPOCHS, Math.max(MIN_EPOCHS, Math.ceil(options.stepBudget / stepsPerEpoch)));
  const optimizer = tf.train.adam(options.learningRate);
  // only the classifier's weights move: the engine holds other models' variables too
  const variables = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const random = seededRandom(options.seed);
  const order = Int32Array.from({ length: count }, (_, i) => i);
  let best = Infinity;
  let stale = 0;
  let epoch = 0;
  try {
    while (epoch < epochs) {
      epoch++;
      shuffleInPlace(order, random);
      let total = 0;
      for (let from = 0; from < count; from += batch) {
        const rows = order.subarray(from, Math.min(count, from + batch));
        const chosen = Int32Array.from(rows, (r) => positions[r]!);
        const targets = Int32Array.from(rows, (r) => labels[r]!);
        const loss = tf.tidy(() => {
          const x = tf.tensor2d(features.rows(chosen), [rows.length, features.dim]);
          const y = tf.oneHot(tf.tensor1d(targets, 'int32'), classes);
          return optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, net.apply(x, { training: true }) as tf.Tensor2D) as tf.Scalar, true, variables)!;
        });
        total += (await loss.data())[0]! * rows.length;
        loss.dispose();
        await options.slicer.maybeYield();
      }
      const mean = total / count;
      if (!Number.isFinite(mean)) throw new Error('The classifier diverged (its loss is not finite).');
      if (mean < best * 0.99) {
        best = mean;
        stale = 0;
      } else stale++;
      if (mean < LOSS_FLOOR || stale >= PATIENCE) break;
      options.onEpoch?.(epoch, epochs);
    }
  } finally {
    optimizer.dispose();
  }
  return epoch;
}

/** Accuracy and confusion counts (row-major [true, predicted]) of `net` on the rows at `positions`. */
export async function evaluateClassifier(net: tf.Sequential, features: Features, positions: Int32Array, labels: Uint8Array, classes: number, slicer: TimeSlicer): Promise<{ accuracy: number; confusion: Int32Array }> {
  const confusion = new Int32Array(classes * classes);
  let correct = 0;
  for (let from = 0; from < positions.length; from += EVAL_BATCH) {
    const chosen = positions.subarray(from, Math.min(positions.length, from + EVAL_BATCH));
    const predicted = tf.tidy(() => tf.argMax(net.predict(tf.tensor2d(features.rows(chosen), [chosen.length, features.dim])) as tf.Tensor2D, 1));
    const values = await predicted.data();
    predicted.dispose();
    for (let i = 0; i < chosen.length; i++) {
      const truth = labels[from + i]!;
      const guess = values[i]!;
      if (truth === guess) correct++;
      const cell = truth * classes + guess;
      confusion[cell] = confusion[cell]! + 1;
    }
    await slicer.maybeYield();
  }
  return { accuracy: positions.length ? correct / positions.length : 0, confusion };
}
