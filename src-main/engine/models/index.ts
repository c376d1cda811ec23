/** Model factories by kind. */
import type { ModelKind } from '../../protocol';
import { createDenseAe } from './dense-ae';
import type { AutoencoderModel, ModelArgs } from './model';

const FACTORIES: Record<ModelKind, (args: ModelArgs) => AutoencoderModel> = {
  'dense-ae': createDenseAe,
};

/** Builds a fresh model of `kind`. */
export function createModel(kind: ModelKind, args: ModelArgs): AutoencoderModel {
  return FACTORIES[kind](args);
}

export type { AutoencoderModel, ModelArgs } from './model';
