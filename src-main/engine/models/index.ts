/** Model factories by kind. */
import type { ModelKind, TrainingConfig } from '../../protocol';
import { AAE_LATENT, createAae } from './aae';
import { CONV_AE_LATENT, createConvAe } from './conv-ae';
import { CONV_VAE_LATENT, createConvVae } from './conv-vae';
import { createDcgan, DCGAN_LATENT } from './dcgan';
import { createDenseAe, DENSE_AE_LATENT } from './dense-ae';
import type { ModelArgs, TrainableModel } from './model';
import { createVae, VAE_LATENT } from './vae';

const FACTORIES: Record<ModelKind, (args: ModelArgs) => TrainableModel> = {
  'dense-ae': createDenseAe,
  'conv-ae': createConvAe,
  vae: createVae,
  'conv-vae': createConvVae,
  dcgan: createDcgan,
  aae: createAae,
};

/** Each family's reference code size (DESIGN.md): what a run uses when it names none. */
export const REFERENCE_LATENT: Record<ModelKind, number> = {
  'dense-ae': DENSE_AE_LATENT,
  'conv-ae': CONV_AE_LATENT,
  vae: VAE_LATENT,
  'conv-vae': CONV_VAE_LATENT,
  dcgan: DCGAN_LATENT,
  aae: AAE_LATENT,
};

/** The model arguments of a run's settings, for images of this shape. */
export function modelArgs(config: TrainingConfig, shape: { width: number; height: number; channels: number }): ModelArgs {
  return {
    width: shape.width,
    height: shape.height,
    channels: shape.channels,
    latentDim: config.latentDim,
    learningRate: config.learningRate,
    seed: config.seed,
    beta: config.beta,
    klWarmupEpochs: config.klWarmupEpochs,
    noise: config.noise,
    imageAdversarialWeight: config.imageAdversarialWeight,
  };
}

/** Builds a fresh model of `kind`. */
export function createModel(kind: ModelKind, args: ModelArgs): TrainableModel {
  return FACTORIES[kind](args);
}

export { gaussianFitKlToPrior } from './aae';
export type { Metrics, ModelArgs, ModelState, StepContext, TrainableModel } from './model';
export { disposeState } from './model-state';
