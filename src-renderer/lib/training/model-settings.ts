/**
 * Which optional settings each model family takes, and its reference defaults (DESIGN.md;
 * the engine uses the same latent sizes when none is given). The Train form shows a setting
 * only where it applies and suggests these values when the model changes.
 */
import type { ModelKind } from '../../../src-main/protocol';

/** A group of settings only some models take. */
export type ModelSetting = 'variational' | 'denoising' | 'imageAdversarial';

/** A model family's defaults and optional settings. */
export interface ModelDefaults {
  /** the engine's reference code size */
  latentDim: number;
  /** the suggested Adam learning rate (DCGAN's paper uses 2e-4 for long runs; here 1e-3
   * gave digit-like samples in 5 epochs where 2e-4 let the discriminator win) */
  learningRate: number;
  /** the optional settings that apply */
  settings: readonly ModelSetting[];
  /** what its runs show after each epoch: reconstructions (it has an encoder), samples from
   * fixed noise (it is generative) */
  shows: { reconstructions: boolean; samples: boolean };
}

/** Defaults per model family. */
export const MODEL_DEFAULTS: Readonly<Record<ModelKind, ModelDefaults>> = {
  'dense-ae': { latentDim: 32, learningRate: 1e-3, settings: ['denoising'], shows: { reconstructions: true, samples: false } },
  'conv-ae': { latentDim: 16, learningRate: 1e-3, settings: ['denoising'], shows: { reconstructions: true, samples: false } },
  vae: { latentDim: 16, learningRate: 1e-3, settings: ['variational'], shows: { reconstructions: true, samples: true } },
  'conv-vae': { latentDim: 16, learningRate: 1e-3, settings: ['variational'], shows: { reconstructions: true, samples: true } },
  dcgan: { latentDim: 64, learningRate: 1e-3, settings: [], shows: { reconstructions: false, samples: true } },
  aae: { latentDim: 8, learningRate: 1e-3, settings: ['imageAdversarial'], shows: { reconstructions: true, samples: true } },
};

/** Whether `setting` applies to `model`. */
export function takes(model: ModelKind, setting: ModelSetting): boolean {
  return MODEL_DEFAULTS[model].settings.includes(setting);
}
