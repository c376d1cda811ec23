/**
 * Test data for the probe: 8x8 images of three classes (a bright band in the top, middle or
 * bottom rows, plus noise) and a fixed "encoder" whose three units measure the three bands,
 * so the latent code separates the classes by construction.
 */
import * as tf from '@tensorflow/tfjs';
import { canonicalSplit } from '../data/image-set';
import type { ImageSet } from '../data/image-set';
import type { RunModel } from '../inference/run-models';
import type { TrainableModel } from '../models';
import { seededRandom } from '../training/random';

const SIDE = 8;
const PIXELS = SIDE * SIDE;
export const FIXTURE_CLASSES = 3;

/** Rows of band `c`: rows 0-1, 3-4 or 6-7. */
function inBand(row: number, c: number): boolean {
  return row >= c * 3 && row < c * 3 + 2;
}

/** `count` images, labels cycling 0, 1, 2; `labelled: false` drops the labels. */
export function bandImages(count: number, labelled = true): ImageSet {
  const random = seededRandom(7);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % FIXTURE_CLASSES;
    labels[i] = c;
    for (let p = 0; p < PIXELS; p++) {
      const base = inBand(Math.floor(p / SIDE), c) ? 150 : 20;
      images[i * PIXELS + p] = Math.min(255, base + Math.floor(random() * 100));
    }
  }
  const { trainIndices, valIndices } = canonicalSplit(count);
  return {
    summary: {
      id: 'bands', name: 'Bands', count, width: SIDE, height: SIDE, channels: 1,
      trainCount: trainIndices.length, valCount: valIndices.length, source: 'test',
    } as ImageSet['summary'],
    images,
    labels: labelled ? labels : null,
    trainIndices,
    valIndices,
  };
}

/** A frozen dense "autoencoder": unit c = mean brightness of band c; decode paints the bands. */
export function bandModel(): TrainableModel {
  const weights = new Float32Array(PIXELS * FIXTURE_CLASSES);
  for (let p = 0; p < PIXELS; p++) {
    for (let c = 0; c < FIXTURE_CLASSES; c++) if (inBand(Math.floor(p / SIDE), c)) weights[p * FIXTURE_CLASSES + c] = 1 / (2 * SIDE);
  }
  const w = tf.keep(tf.tensor2d(weights, [PIXELS, FIXTURE_CLASSES]));
  const model = {
    kind: 'dense-ae',
    latentDim: FIXTURE_CLASSES,
    generative: false,
    encode: (x: tf.Tensor2D) => tf.matMul(x, w),
    decode: (z: tf.Tensor2D) => tf.tidy(() => tf.clipByValue(tf.matMul(z, w, false, true).mul(2 * SIDE), 0, 1) as tf.Tensor2D),
    dispose: () => w.dispose(),
  };
  return model as unknown as TrainableModel;
}

/** A run of `model` on `dataset`, as RunModels hands it out. */
export function fixtureRun(model: TrainableModel, dataset: ImageSet): RunModel {
  return { model, dataset, weights: 'fixture', lens: () => Promise.reject(new Error('not used')), hold: () => () => {} };
}
