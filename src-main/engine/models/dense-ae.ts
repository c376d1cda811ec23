/** The reference dense autoencoder of DESIGN.md: 784-256-32-256-784, ReLU, sigmoid out. */
import * as tf from '@tensorflow/tfjs';
import { chain, trainableAutoencoder } from './autoencoder';
import { seedSequence } from './model';
import type { AutoencoderModel, ModelArgs } from './model';

/** Layer sizes of the dense autoencoder. */
export interface DenseAutoencoderArgs {
  inputSize: number;
  hiddenSize: number;
  latentDim: number;
  seed: number;
}

/** DESIGN.md's reference latent size for this family. */
export const DENSE_AE_LATENT = 32;

/** Builds encoder, decoder (to logits: apply a sigmoid for pixels) and the two chained. */
export function buildDenseAutoencoder(args: DenseAutoencoderArgs): {
  encoder: tf.Sequential;
  decoder: tf.Sequential;
  autoencoder: tf.LayersModel;
} {
  const seed = seedSequence(args.seed);
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: seed() });
  const encoder = tf.sequential({
    name: 'encoder',
    layers: [
      tf.layers.dense({ inputShape: [args.inputSize], units: args.hiddenSize, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: args.latentDim, activation: 'relu', kernelInitializer: init() }),
    ],
  });
  const decoder = tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [args.latentDim], units: args.hiddenSize, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: args.inputSize, kernelInitializer: init() }),
    ],
  });
  return { encoder, decoder, autoencoder: chain('dense_ae', args.inputSize, encoder, decoder) };
}

/** The dense autoencoder behind the common model interface. */
export function createDenseAe(args: ModelArgs): AutoencoderModel {
  const { autoencoder } = buildDenseAutoencoder({
    inputSize: args.width * args.height * args.channels,
    hiddenSize: 256,
    latentDim: args.latentDim ?? DENSE_AE_LATENT,
    seed: args.seed,
  });
  return trainableAutoencoder('dense-ae', autoencoder, args.learningRate);
}
