/** Model factories by kind. */
import type { ModelKind } from '../../protocol';
import { createConvAe } from './conv-ae';
import { createDenseAe } from './dense-ae';
import type { AutoencoderModel, ModelArgs } from './model';
import { createVae } from './vae';

const FACTORIES: Record<ModelKind, (args: ModelArgs) => AutoencoderModel> = {
  'dense-ae': createDenseAe,
  'conv-ae': createConvAe,
  vae: createVae,
};

/** Builds a fresh model of `kind`. */
export function createModel(kind: ModelKind, args: ModelArgs): AutoencoderModel {
  return FACTORIES[kind](args);
}

export type { AutoencoderModel, ModelArgs } from './model';
