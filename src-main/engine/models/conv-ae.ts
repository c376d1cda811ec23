/**
 * The reference convolutional autoencoder of DESIGN.md: two stride-2 3x3 convolutions
 * (16, 32 filters), a dense bottleneck, and two stride-2 transposed convolutions back.
 * The conv VAE reuses both halves.
 */
import * as tf from '@tensorflow/tfjs';
import { trainableAutoencoder } from './autoencoder';
import { glorotSequence } from './dense-ae';
import type { ModelArgs, TrainableModel } from './model';

/** DESIGN.md's reference latent size for this family. */
export const CONV_AE_LATENT = 16;
const FILTERS = [16, 32] as const;
const CONV = { kernelSize: 3, strides: 2, padding: 'same' as const };

/** Image geometry of a conv model; sides must survive two halvings. */
export interface ImageShape {
  width: number;
  height: number;
  channels: number;
}

function checkShape({ width, height }: ImageShape): void {
  if (width % 4 !== 0 || height % 4 !== 0) {
    throw new Error(`Conv models halve the image twice, so its sides must be multiples of 4 (got ${width}x${height}).`);
  }
}

/** Flat image -> the two convolutions -> flat features (the conv VAE adds its heads). */
export function convEncoderTrunk(shape: ImageShape, init: ReturnType<typeof glorotSequence>): tf.layers.Layer[] {
  checkShape(shape);
  return [
    tf.layers.reshape({ inputShape: [shape.width * shape.height * shape.channels], targetShape: [shape.height, shape.width, shape.channels] }),
    tf.layers.conv2d({ ...CONV, filters: FILTERS[0], activation: 'relu', kernelInitializer: init() }),
    tf.layers.conv2d({ ...CONV, filters: FILTERS[1], activation: 'relu', kernelInitializer: init() }),
    tf.layers.flatten(),
  ];
}

/** Code -> dense -> two transposed convolutions -> flat logits. */
export function convDecoder(shape: ImageShape, latentDim: number, init: ReturnType<typeof glorotSequence>): tf.Sequential {
  checkShape(shape);
  const inner = [shape.height / 4, shape.width / 4, FILTERS[1]];
  return tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: inner[0]! * inner[1]! * inner[2]!, activation: 'relu', kernelInitializer: init() }),
      tf.layers.reshape({ targetShape: inner }),
      tf.layers.conv2dTranspose({ ...CONV, filters: FILTERS[0], activation: 'relu', kernelInitializer: init() }),
      tf.layers.conv2dTranspose({ ...CONV, filters: shape.channels, kernelInitializer: init() }),
      tf.layers.flatten(),
    ],
  });
}

/** The conv autoencoder behind the common model interface. */
export function createConvAe(args: ModelArgs): TrainableModel {
  const latentDim = args.latentDim ?? CONV_AE_LATENT;
  const init = glorotSequence(args.seed);
  const encoder = tf.sequential({
    name: 'encoder',
    layers: [...convEncoderTrunk(args, init), tf.layers.dense({ units: latentDim, kernelInitializer: init() })],
  });
  const decoder = convDecoder(args, latentDim, init);
  return trainableAutoencoder({ kind: 'conv-ae', encoder, decoder, latentDim, learningRate: args.learningRate, noise: args.noise, seed: args.seed });
}
