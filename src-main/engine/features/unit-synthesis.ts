/**
 * The input a latent unit likes best (activation maximisation, as in the "one neuron reacts
 * to faces" experiments): gradient ascent on the pixels of one image, from mid-grey or seeded
 * noise, to raise the unit's activation minus an L2 penalty; pixels stay in [0, 1] and a box
 * blur every few steps keeps the pattern smooth rather than adversarial noise.
 */
import * as tf from '@tensorflow/tfjs';
import type { UnitSynthesis, UnitSynthesisRequest } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import { TimeSlicer } from '../analysis/time-slicer';
import type { RunModel } from '../inference/run-models';

/** Step size of the ascent (Adam), in pixel intensity. */
const LEARNING_RATE = 0.05;

/** The steps after which snapshots are taken: 0, the last, and geometrically spaced between. */
export function snapshotSteps(steps: number, frames: number): number[] {
  const at = new Set([0, steps]);
  for (let i = 1; i < frames - 1; i++) at.add(Math.round(steps ** (i / (frames - 1))));
  // few steps give repeats: fewer, distinct snapshots
  return [...at].sort((a, b) => a - b);
}

export async function synthesizeUnitInput(run: RunModel, request: UnitSynthesisRequest): Promise<UnitSynthesis> {
  const { model, dataset } = run;
  const { encode } = model;
  if (!encode) throw new WorkbenchError('bad-request', `A ${model.kind} run has no encoder, so its units have no activations; pick an autoencoder, VAE or AAE run.`);
  if (request.unit >= model.latentDim) {
    throw new WorkbenchError('bad-request', `This run's code has ${model.latentDim} units (0 to ${model.latentDim - 1}); unit ${request.unit} does not exist.`);
  }
  const { width, height, channels } = dataset.summary;
  const pixels = width * height * channels;
  const wanted = new Set(snapshotSteps(request.steps, request.frames));
  const slicer = new TimeSlicer();
  const start = tf.tidy(() => (request.start === 'blank' ? tf.fill([1, pixels], 0.5) : tf.randomUniform([1, pixels], 0.3, 0.7, 'float32', request.seed)) as tf.Tensor2D);
  const x = tf.variable(start);
  // the variable holds its own reference to the data
  start.dispose();
  const optimizer = tf.train.adam(LEARNING_RATE);
  const activation = (): tf.Scalar => tf.tidy(() => encode.call(model, x).slice([0, request.unit], [1, 1]).reshape([]) as tf.Scalar);
  const steps: number[] = [];
  const activations: number[] = [];
  const images = new Uint8Array(wanted.size * pixels);
  const snapshot = async (step: number): Promise<void> => {
    const [value, image] = [activation(), x.clone()];
    try {
      activations.push((await value.data())[0]!);
      const data = await image.data();
      for (let p = 0; p < pixels; p++) images[steps.length * pixels + p] = Math.round(data[p]! * 255);
      steps.push(step);
    } finally {
      tf.dispose([value, image]);
    }
  };
  try {
    await snapshot(0);
    for (let step = 1; step <= request.steps; step++) {
      tf.tidy(() => {
        optimizer.minimize(() => tf.sub(tf.mul(request.l2, tf.sum(tf.square(x))), activation()) as tf.Scalar, false, [x]);
        let next: tf.Tensor = tf.clipByValue(x, 0, 1);
        if (request.blurEvery > 0 && step % request.blurEvery === 0) {
          next = tf.avgPool(next.reshape([1, height, width, channels]) as tf.Tensor4D, 3, 1, 'same').reshape([1, pixels]);
        }
        x.assign(next as tf.Tensor2D);
      });
      if (wanted.has(step)) await snapshot(step);
      await slicer.maybeYield();
    }
  } finally {
    tf.dispose([x]);
    optimizer.dispose();
  }
  if (!activations.every(Number.isFinite)) throw new WorkbenchError('internal', 'The synthesis diverged (the activation is not finite); try a larger L2 weight.');
  return { unit: request.unit, steps, activations, images, width, height, channels };
}
