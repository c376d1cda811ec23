/**
 * The reference convolutional autoencoder of DESIGN.md: two stride-2 3x3 convolutions
 * (16, 32 filters), a dense bottleneck, and two stride-2 transposed convolutions back.
 */
import * as tf from '@tensorflow/tfjs';
import { chain, trainableAutoencoder } from './autoencoder';
import { seedSequence } from './model';
import type { AutoencoderModel, ModelArgs } from './model';

/** Sizes of the conv autoencoder. */
export interface ConvAutoencoderArgs {
  width: number;
  height: number;
  channels: number;
  latentDim: number;
  /** filters of the first and second convolution */
  filters: [number, number];
  seed: number;
}

/** DESIGN.md's reference latent size for this family. */
export const CONV_AE_LATENT = 16;

/** Builds encoder, decoder (to logits) and the two chained; inputs are flat images. */
export function buildConvAutoencoder(args: ConvAutoencoderArgs): {
  encoder: tf.Sequential;
  decoder: tf.Sequential;
  autoencoder: tf.LayersModel;
} {
  const { width, height, channels, latentDim } = args;
  if (width % 4 !== 0 || height % 4 !== 0) {
    throw new Error(`The conv autoencoder halves the image twice, so its sides must be multiples of 4 (got ${width}x${height}).`);
  }
  const [f1, f2] = args.filters;
  const inner = [height / 4, width / 4, f2] as const;
  const pixels = width * height * channels;
  const seed = seedSequence(args.seed);
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: seed() });
  const conv = { kernelSize: 3, strides: 2, padding: 'same' as const };
  const encoder = tf.sequential({
    name: 'encoder',
    layers: [
      tf.layers.reshape({ inputShape: [pixels], targetShape: [height, width, channels] }),
      tf.layers.conv2d({ ...conv, filters: f1, activation: 'relu', kernelInitializer: init() }),
      tf.layers.conv2d({ ...conv, filters: f2, activation: 'relu', kernelInitializer: init() }),
      tf.layers.flatten(),
      tf.layers.dense({ units: latentDim, kernelInitializer: init() }),
    ],
  });
  const decoder = tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: inner[0] * inner[1] * inner[2], activation: 'relu', kernelInitializer: init() }),
      tf.layers.reshape({ targetShape: [...inner] }),
      tf.layers.conv2dTranspose({ ...conv, filters: f1, activation: 'relu', kernelInitializer: init() }),
      tf.layers.conv2dTranspose({ ...conv, filters: channels, kernelInitializer: init() }),
      tf.layers.flatten(),
    ],
  });
  return { encoder, decoder, autoencoder: chain('conv_ae', pixels, encoder, decoder) };
}

/** The conv autoencoder behind the common model interface. */
export function createConvAe(args: ModelArgs): AutoencoderModel {
  const { autoencoder } = buildConvAutoencoder({
    width: args.width,
    height: args.height,
    channels: args.channels,
    latentDim: args.latentDim ?? CONV_AE_LATENT,
    filters: [16, 32],
    seed: args.seed,
  });
  return trainableAutoencoder('conv-ae', autoencoder, args.learningRate);
}
