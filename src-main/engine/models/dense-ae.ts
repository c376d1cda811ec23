/** The reference dense autoencoder of DESIGN.md: 784-256-32-256-784, ReLU, logits out. */
import * as tf from '@tensorflow/tfjs';
import { trainableAutoencoder } from './autoencoder';
import { seedSequence } from './model';
import type { ModelArgs, TrainableModel } from './model';

/** DESIGN.md's reference latent size for this family. */
export const DENSE_AE_LATENT = 32;
const HIDDEN = 256;

/** A seeded Glorot initializer per call, so every layer's weights repeat exactly. */
export function glorotSequence(seed: number): () => ReturnType<typeof tf.initializers.glorotUniform> {
  const next = seedSequence(seed);
  return () => tf.initializers.glorotUniform({ seed: next() });
}

/** Builds encoder (x -> code) and decoder (code -> logits: apply a sigmoid for pixels). */
export function buildDenseAutoencoder(inputSize: number, latentDim: number, seed: number): { encoder: tf.Sequential; decoder: tf.Sequential } {
  const init = glorotSequence(seed);
  const encoder = tf.sequential({
    name: 'encoder',
    layers: [
      tf.layers.dense({ inputShape: [inputSize], units: HIDDEN, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: latentDim, activation: 'relu', kernelInitializer: init() }),
    ],
  });
  const decoder = tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: HIDDEN, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: inputSize, kernelInitializer: init() }),
    ],
  });
  return { encoder, decoder };
}

/** The dense autoencoder behind the common model interface. */
export function createDenseAe(args: ModelArgs): TrainableModel {
  const latentDim = args.latentDim ?? DENSE_AE_LATENT;
  const { encoder, decoder } = buildDenseAutoencoder(args.width * args.height * args.channels, latentDim, args.seed);
  return trainableAutoencoder({ kind: 'dense-ae', encoder, decoder, latentDim, learningRate: args.learningRate, noise: args.noise, seed: args.seed });
}
