/**
 * The reference variational autoencoder of DESIGN.md: a Gaussian encoder (mu, log-variance),
 * the reparameterisation trick, a Bernoulli decoder. Loss per sample = summed BCE + KL to
 * N(0, I), in nats: the negative ELBO.
 */
import * as tf from '@tensorflow/tfjs';
import { gaussianKlToStandardNormal, summedBinaryCrossEntropyWithLogits } from './losses';
import { seedSequence } from './model';
import type { AutoencoderModel, ModelArgs } from './model';

/** Sizes of the dense VAE. */
export interface VaeArgs {
  inputSize: number;
  hiddenSize: number;
  latentDim: number;
  seed: number;
}

/** DESIGN.md's reference latent size for this family. */
export const VAE_LATENT = 16;

/** Builds the encoder (x -> [mu, logVar]) and the decoder (z -> logits). */
export function buildVae(args: VaeArgs): { encoder: tf.LayersModel; decoder: tf.Sequential } {
  const seed = seedSequence(args.seed);
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: seed() });
  const x = tf.input({ shape: [args.inputSize] });
  const hidden = tf.layers.dense({ units: args.hiddenSize, activation: 'relu', kernelInitializer: init() }).apply(x);
  const mu = tf.layers.dense({ units: args.latentDim, name: 'mu', kernelInitializer: init() }).apply(hidden) as tf.SymbolicTensor;
  const logVar = tf.layers.dense({ units: args.latentDim, name: 'log_var', kernelInitializer: init() }).apply(hidden) as tf.SymbolicTensor;
  const encoder = tf.model({ name: 'encoder', inputs: x, outputs: [mu, logVar] });
  const decoder = tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [args.latentDim], units: args.hiddenSize, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: args.inputSize, kernelInitializer: init() }),
    ],
  });
  return { encoder, decoder };
}

/** The VAE behind the common model interface; its loss is the negative ELBO per sample. */
export function createVae(args: ModelArgs): AutoencoderModel {
  const { encoder, decoder } = buildVae({
    inputSize: args.width * args.height * args.channels,
    hiddenSize: 256,
    latentDim: args.latentDim ?? VAE_LATENT,
    seed: args.seed,
  });
  const optimizer = tf.train.adam(args.learningRate);
  // a fresh, seeded noise draw per call keeps runs repeatable
  const noiseSeed = seedSequence(args.seed * 1_000_003);
  const negativeElbo = (x: tf.Tensor2D, training: boolean): tf.Scalar => {
    const [mu, logVar] = encoder.apply(x, { training }) as [tf.Tensor2D, tf.Tensor2D];
    const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', noiseSeed());
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
    const logits = decoder.apply(z, { training }) as tf.Tensor2D;
    return tf.add(summedBinaryCrossEntropyWithLogits(x, logits), gaussianKlToStandardNormal(mu, logVar));
  };
  return {
    kind: 'vae',
    trainStep: (x) => optimizer.minimize(() => negativeElbo(x, true), true) as tf.Scalar,
    loss: (x) => tf.tidy(() => negativeElbo(x, false)),
    // the mean code: what the model believes, without sampling noise
    reconstruct: (x) =>
      tf.tidy(() => {
        const [mu] = encoder.predict(x) as tf.Tensor2D[];
        return tf.sigmoid(decoder.predict(mu!) as tf.Tensor2D);
      }),
    dispose: () => {
      encoder.dispose();
      decoder.dispose();
      optimizer.dispose();
    },
  };
}
