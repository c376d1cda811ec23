/** A convolutional VAE: the conv autoencoder's halves with Gaussian heads on the encoder. */
import { convDecoder, convEncoderTrunk } from './conv-ae';
import { glorotSequence } from './dense-ae';
import type { ModelArgs, TrainableModel } from './model';
import { gaussianEncoder } from './vae';
import { trainableVariational } from './variational';

/** Same code size as the dense VAE, so the two compare directly. */
export const CONV_VAE_LATENT = 16;

export function createConvVae(args: ModelArgs): TrainableModel {
  const latentDim = args.latentDim ?? CONV_VAE_LATENT;
  const init = glorotSequence(args.seed);
  const trunk = convEncoderTrunk(args, init);
  // the trunk's reshape layer carries the input shape; the functional encoder feeds it
  const encoder = gaussianEncoder(trunk, args.width * args.height * args.channels, latentDim, init);
  const decoder = convDecoder(args, latentDim, init);
  return trainableVariational({ kind: 'conv-vae', encoder, decoder, latentDim, learningRate: args.learningRate, beta: args.beta, klWarmupEpochs: args.klWarmupEpochs, seed: args.seed });
}
