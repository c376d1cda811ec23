/**
 * A DCGAN (Radford et al., 2016) for small images: a generator of stride-2 transposed
 * convolutions with batch-norm and ReLU, a discriminator of stride-2 convolutions with
 * LeakyReLU(0.2) and batch-norm after the first, weights drawn from N(0, 0.02), and one
 * Adam(lr, beta1 = 0.5) per player. Each batch gets one discriminator step, then one
 * generator step on the non-saturating loss. 32/64 filters: 16/32 trains twice as fast
 * on wasm but gave no digits on mnist-10k in 5 epochs.
 *
 * Learning rate, used as given: the paper's 2e-4 (`latent train --model dcgan --lr 2e-4`)
 * suits long runs; in 5 epochs of mnist-10k (315 steps) it left D winning outright
 * (accuracy > 0.99, blurry samples), while the default 1e-3 gave digit-like samples with
 * the players in balance (D accuracy about 0.82).
 *
 * Metrics: `loss` is the discriminator's loss (what `valLoss` reports for a GAN; it is a
 * balance gauge, not a quality score: about 1.386 = 2 ln 2 when D cannot tell), `gLoss`
 * the generator's, `dAccReal`/`dAccFake` D's accuracy on the real batch and on fakes.
 * `evaluate` runs both nets in inference mode (batch-norm moving averages), so its D
 * metrics swing more from epoch to epoch than the training ones.
 */
import * as tf from '@tensorflow/tfjs';
import { discriminatorLoss, minimizeKeeping, NoiseSeeds, nonSaturatingGeneratorLoss, shareCalledFake, shareCalledReal } from './adversarial-losses';
import type { ImageShape } from './conv-ae';
import { seedSequence } from './model';
import type { Metrics, ModelArgs, TrainableModel } from './model';
import { captureState, restoreState, trainableVariables } from './model-state';

/** Noise size: the reference code size of this family. */
export const DCGAN_LATENT = 64;
/** Filters at full/2 and full/4 resolution, in both players. */
const FILTERS = [32, 64] as const;
// a kernel divisible by the stride: transposed convolutions overlap evenly (no checkerboard)
const CONV = { kernelSize: 4, strides: 2, padding: 'same' as const };
const LEAK = 0.2;

/** A seeded initializer per call, one per layer. */
export type Init = () => ReturnType<typeof tf.initializers.randomNormal>;

/** The DCGAN paper's seeded N(0, 0.02) initializer, one seed per layer. */
function normalSequence(seed: number): Init {
  const next = seedSequence(seed);
  return () => tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: next() });
}

function checkShape({ width, height }: ImageShape): void {
  if (width % 4 !== 0 || height % 4 !== 0) {
    throw new Error(`The DCGAN's nets halve (or double) images twice, so their sides must be multiples of 4 (got ${width}x${height}).`);
  }
}

/** Noise -> flat logits of an image (apply a sigmoid for pixels). Bias-free layers
 * before batch-norm: its shift replaces them. */
export function buildGenerator(shape: ImageShape, latentDim: number, init: Init): tf.Sequential {
  checkShape(shape);
  const inner = [shape.height / 4, shape.width / 4, FILTERS[1]];
  return tf.sequential({
    name: 'generator',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: inner[0]! * inner[1]! * inner[2]!, useBias: false, kernelInitializer: init() }),
      tf.layers.reshape({ targetShape: inner }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      tf.layers.conv2dTranspose({ ...CONV, filters: FILTERS[0], useBias: false, kernelInitializer: init() }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
      tf.layers.conv2dTranspose({ ...CONV, filters: shape.channels, kernelInitializer: init() }),
      tf.layers.flatten(),
    ],
  });
}

/** Flat image in [0, 1] -> one logit, positive = real. No batch-norm on the first layer,
 * as in the paper: it would erase the input's own statistics. Without `batchNorm`, each
 * image is judged on its own (the AAE's image critic: batch statistics of an all-real
 * or all-fake batch are a tell it exploits). */
export function buildDiscriminator(shape: ImageShape, init: Init, batchNorm = true): tf.Sequential {
  checkShape(shape);
  return tf.sequential({
    name: 'discriminator',
    layers: [
      tf.layers.reshape({ inputShape: [shape.width * shape.height * shape.channels], targetShape: [shape.height, shape.width, shape.channels] }),
      tf.layers.conv2d({ ...CONV, filters: FILTERS[0], kernelInitializer: init() }),
      tf.layers.leakyReLU({ alpha: LEAK }),
      tf.layers.conv2d({ ...CONV, filters: FILTERS[1], useBias: !batchNorm, kernelInitializer: init() }),
      ...(batchNorm ? [tf.layers.batchNormalization()] : []),
      tf.layers.leakyReLU({ alpha: LEAK }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, kernelInitializer: init() }),
    ],
  });
}

/** The DCGAN behind the common model interface. */
export function createDcgan(args: ModelArgs): TrainableModel {
  const latentDim = args.latentDim ?? DCGAN_LATENT;
  const init = normalSequence(args.seed);
  const generator = buildGenerator(args, latentDim, init);
  const discriminator = buildDiscriminator(args, init);
  const gOptimizer = tf.train.adam(args.learningRate, 0.5);
  const dOptimizer = tf.train.adam(args.learningRate, 0.5);
  const nets = { generator, discriminator };
  const optimizers = { generator: gOptimizer, discriminator: dOptimizer };
  const gVariables = trainableVariables(generator);
  const dVariables = trainableVariables(discriminator);
  // fresh, seeded noise per step keeps runs repeatable; evaluation always scores the
  // same noise, so it needs no position and epochs compare on the same fakes
  const trainSeeds = new NoiseSeeds(args.seed * 1_000_003);
  const evalSeed = args.seed * 1_000_003 - 1;
  const noise = (count: number, seed: number): tf.Tensor2D => tf.randomNormal([count, latentDim], 0, 1, 'float32', seed);
  const images = (z: tf.Tensor2D, training: boolean): tf.Tensor2D => tf.sigmoid(generator.apply(z, { training }) as tf.Tensor2D);
  const judge = (x: tf.Tensor2D, training: boolean): tf.Tensor2D => discriminator.apply(x, { training }) as tf.Tensor2D;
  return {
    kind: 'dcgan',
    latentDim,
    generative: true,
    metricNames: ['loss', 'gLoss', 'dAccReal', 'dAccFake'],
    trainStep: (x) => {
      const z = noise(x.shape[0], trainSeeds.next());
      // fakes in training mode (batch statistics), as the generator step sees them; this
      // and the generator step both feed G's moving averages the same batch statistics
      const fake = tf.tidy(() => images(z, true));
      const { cost: loss, ...accuracy } = minimizeKeeping(dOptimizer, dVariables, () => {
        const realLogits = judge(x, true);
        const fakeLogits = judge(fake, true);
        return { cost: discriminatorLoss(realLogits, fakeLogits), keep: { dAccReal: shareCalledReal(realLogits), dAccFake: shareCalledFake(fakeLogits) } };
      });
      fake.dispose();
      const gLoss = gOptimizer.minimize(() => nonSaturatingGeneratorLoss(judge(images(z, true), true)), true, gVariables) as tf.Scalar;
      z.dispose();
      return { loss, gLoss, ...accuracy };
    },
    evaluate: (x) =>
      tf.tidy(() => {
        const realLogits = judge(x, false);
        const fakeLogits = judge(images(noise(x.shape[0], evalSeed), false), false);
        return {
          loss: discriminatorLoss(realLogits, fakeLogits),
          gLoss: nonSaturatingGeneratorLoss(fakeLogits),
          dAccReal: shareCalledReal(realLogits),
          dAccFake: shareCalledFake(fakeLogits),
        };
      }) as Metrics,
    decode: (z) => tf.tidy(() => images(z, false)),
    saveState: async () => ({ ...(await captureState(nets, optimizers)), noise: trainSeeds.save() }),
    loadState: async (state) => {
      await restoreState(state, nets, optimizers);
      await trainSeeds.restore(state['noise']);
    },
    dispose: () => {
      for (const net of Object.values(nets)) net.dispose();
      for (const optimizer of Object.values(optimizers)) optimizer.dispose();
    },
  };
}
