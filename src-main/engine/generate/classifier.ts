/**
 * A small classifier of a labelled dataset (dense 256 ReLU, softmax), trained in the engine
 * to judge generated samples, and cached per dataset: in memory, and on disk in
 * `<dataDir>/classifiers/<dataset>.json` + `.bin` (written atomically), so it is trained once.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import writeFileAtomic from 'write-file-atomic';
import { WorkbenchError } from '../../protocol';
import { gatherBatch } from '../data/image-set';
import type { ImageSet } from '../data/image-set';
import { glorotSequence } from '../models/dense-ae';
import { seededRandom, shuffleInPlace } from '../training/random';
import { spreadSample } from '../training/train-loop';

const FORMAT = 1;
const HIDDEN = 256;
const BATCH = 128;
/** Training samples seen in all (epochs x split), capped at 3 epochs: ~5 s for MNIST on wasm. */
const SAMPLES_SEEN = 24_000;
const MAX_EPOCHS = 3;
const SEED = 20_240;

/** A trained classifier with its validation accuracy. */
export interface Classifier {
  model: tf.LayersModel;
  classes: number;
  /** share of (up to 2,000) validation images it labels right */
  accuracy: number;
}

/** What the cache file says besides the weights. */
interface Meta {
  format: number;
  datasetId: string;
  count: number;
  classes: number;
  accuracy: number;
  shapes: number[][];
}

/** Told of training progress: batches done of all. */
export type OnProgress = (done: number, total: number) => void;

function build(inputSize: number, classes: number): tf.LayersModel {
  const init = glorotSequence(SEED);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [inputSize], units: HIDDEN, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init() }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** Classes of a labelled dataset: the larger of the highest label + 1 and its named classes. */
export function classCount(dataset: ImageSet): number {
  if (!dataset.labels) throw new WorkbenchError('bad-request', `Dataset ${dataset.summary.id} has no labels, so no classifier can judge samples of it.`);
  let max = 0;
  for (const label of dataset.labels) max = Math.max(max, label);
  return Math.max(max + 1, dataset.summary.classNames?.length ?? 0);
}

/** Trains a classifier on the dataset's training split. */
export async function trainClassifier(dataset: ImageSet, onProgress: OnProgress = () => {}): Promise<Classifier> {
  const classes = classCount(dataset);
  const labels = dataset.labels!;
  const pixels = dataset.summary.width * dataset.summary.height * dataset.summary.channels;
  const model = build(pixels, classes);
  const order = Int32Array.from(dataset.trainIndices);
  const epochs = Math.max(1, Math.min(MAX_EPOCHS, Math.ceil(SAMPLES_SEEN / order.length)));
  const perEpoch = Math.ceil(order.length / BATCH);
  const random = seededRandom(SEED);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let b = 0; b < perEpoch; b++) {
      const from = b * BATCH;
      const to = Math.min(from + BATCH, order.length);
      const x = tf.tensor2d(gatherBatch(dataset, order, from, to), [to - from, pixels]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(order.subarray(from, to), (i) => labels[i]!), 'int32'), classes));
      await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
      onProgress(epoch * perEpoch + b + 1, epochs * perEpoch);
    }
  }
  return { model, classes, accuracy: await accuracyOf(model, dataset) };
}

/** Share of (a spread sample of up to 2,000) validation images labelled right. */
async function accuracyOf(model: tf.LayersModel, dataset: ImageSet): Promise<number> {
  const indices = spreadSample(dataset.valIndices, 2000);
  if (indices.length === 0) return 0;
  const { labels: predicted } = await classify(model, dataset.summary, gatherBatch(dataset, indices), indices.length);
  let right = 0;
  indices.forEach((index, i) => (right += predicted[i] === dataset.labels![index] ? 1 : 0));
  return right / indices.length;
}

/** The most likely class and its probability for each of `count` images in [0, 1]. */
export async function classify(
  model: tf.LayersModel,
  shape: { width: number; height: number; channels: number },
  images: Float32Array,
  count: number,
): Promise<{ labels: Int32Array; confidences: Float32Array }> {
  const pixels = shape.width * shape.height * shape.channels;
  const labels = new Int32Array(count);
  const confidences = new Float32Array(count);
  for (let from = 0; from < count; from += 500) {
    const to = Math.min(from + 500, count);
    const [best, p] = tf.tidy(() => {
      const probabilities = model.predict(tf.tensor2d(images.subarray(from * pixels, to * pixels), [to - from, pixels])) as tf.Tensor2D;
      return [tf.argMax(probabilities, 1), tf.max(probabilities, 1)];
    });
    labels.set((await best!.data()) as Int32Array, from);
    confidences.set((await p!.data()) as Float32Array, from);
    tf.dispose([best!, p!]);
  }
  return { labels, confidences };
}

/** Classifiers by dataset, trained once and kept on disk. */
export class ClassifierCache {
  private readonly kept = new Map<string, Promise<Classifier>>();

  constructor(private readonly dir: string) {}

  /** The dataset's classifier: from memory, from disk, or trained now. */
  get(dataset: ImageSet, onProgress?: OnProgress): Promise<Classifier> {
    const id = dataset.summary.id;
    let classifier = this.kept.get(id);
    if (!classifier) {
      classifier = this.loadOrTrain(dataset, onProgress);
      this.kept.set(id, classifier);
      // a failure is tried again by the next request
      classifier.catch(() => this.kept.delete(id));
    }
    return classifier;
  }

  private async loadOrTrain(dataset: ImageSet, onProgress?: OnProgress): Promise<Classifier> {
    const loaded = await this.load(dataset).catch(() => null);
    if (loaded) return loaded;
    const trained = await trainClassifier(dataset, onProgress);
    await this.save(dataset, trained);
    return trained;
  }

  private files(datasetId: string): { meta: string; weights: string } {
    // dataset ids are short slugs (the contract's DatasetId); anything else stays inside the folder
    const name = datasetId.replace(/[^A-Za-z0-9_-]/g, '_');
    return { meta: join(this.dir, `${name}.json`), weights: join(this.dir, `${name}.bin`) };
  }

  private async load(dataset: ImageSet): Promise<Classifier | null> {
    const files = this.files(dataset.summary.id);
    const meta = JSON.parse(await readFile(files.meta, 'utf8')) as Meta;
    // a cache of another format or of a dataset that has changed since is trained again
    if (meta.format !== FORMAT || meta.datasetId !== dataset.summary.id || meta.count !== dataset.summary.count || meta.classes !== classCount(dataset)) return null;
    const bytes = await readFile(files.weights);
    const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const model = build(dataset.summary.width * dataset.summary.height * dataset.summary.channels, meta.classes);
    let at = 0;
    const tensors = meta.shapes.map((shape) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const t = tf.tensor(values.subarray(at, at + size), shape);
      at += size;
      return t;
    });
    try {
      if (at !== values.length) throw new Error('the weights file does not fit the model');
      model.setWeights(tensors);
    } catch {
      model.dispose();
      return null;
    } finally {
      tf.dispose(tensors);
    }
    return { model, classes: meta.classes, accuracy: meta.accuracy };
  }

  private async save(dataset: ImageSet, classifier: Classifier): Promise<void> {
    const weights = classifier.model.getWeights();
    const arrays = await Promise.all(weights.map((w) => w.data() as Promise<Float32Array>));
    const all = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
    arrays.reduce((at, a) => (all.set(a, at), at + a.length), 0);
    const files = this.files(dataset.summary.id);
    const meta: Meta = { format: FORMAT, datasetId: dataset.summary.id, count: dataset.summary.count, classes: classifier.classes, accuracy: classifier.accuracy, shapes: weights.map((w) => w.shape) };
    await mkdir(this.dir, { recursive: true });
    // the weights land first: a meta file always has its weights beside it
    await writeFileAtomic(files.weights, Buffer.from(all.buffer));
    await writeFileAtomic(files.meta, JSON.stringify(meta) + '\n');
  }
}
