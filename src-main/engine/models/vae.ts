/** The reference dense VAE of DESIGN.md: 784-256-(mu, logVar: 16)-256-784. */
import * as tf from '@tensorflow/tfjs';
import { glorotSequence } from './dense-ae';
import type { ModelArgs, TrainableModel } from './model';
import { trainableVariational } from './variational';

/** DESIGN.md's reference latent size for this family. */
export const VAE_LATENT = 16;
const HIDDEN = 256;

/** Gaussian heads on top of features: features -> [mu, logVar]. */
export function gaussianEncoder(trunk: tf.layers.Layer[], inputSize: number, latentDim: number, init: ReturnType<typeof glorotSequence>): tf.LayersModel {
  const x = tf.input({ shape: [inputSize] });
  const features = trunk.reduce<tf.SymbolicTensor>((t, layer) => layer.apply(t) as tf.SymbolicTensor, x);
  const mu = tf.layers.dense({ units: latentDim, name: 'mu', kernelInitializer: init() }).apply(features) as tf.SymbolicTensor;
  const logVar = tf.layers.dense({ units: latentDim, name: 'log_var', kernelInitializer: init() }).apply(features) as tf.SymbolicTensor;
  return tf.model({ name: 'encoder', inputs: x, outputs: [mu, logVar] });
}

/** The dense VAE behind the common model interface. */
export function createVae(args: ModelArgs): TrainableModel {
  const inputSize = args.width * args.height * args.channels;
  const latentDim = args.latentDim ?? VAE_LATENT;
  const init = glorotSequence(args.seed);
  const encoder = gaussianEncoder([tf.layers.dense({ units: HIDDEN, activation: 'relu', kernelInitializer: init() })], inputSize, latentDim, init);
  const decoder = tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: HIDDEN, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: inputSize, kernelInitializer: init() }),
    ],
  });
  return trainableVariational({ kind: 'vae', encoder, decoder, latentDim, learningRate: args.learningRate, beta: args.beta, klWarmupEpochs: args.klWarmupEpochs, seed: args.seed });
}
