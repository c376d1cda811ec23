/** The models the Model select offers, with the words users see. */
import type { ModelKind } from '../../../src-main/protocol';

/** One entry of the Model select. */
export interface ModelOption {
  value: ModelKind;
  label: string;
}

/** Every model the contract allows; a new ModelKind must be named here to type-check. */
export const MODEL_OPTIONS = [
  { value: 'dense-ae', label: 'Dense autoencoder' },
  { value: 'conv-ae', label: 'Convolutional autoencoder' },
  { value: 'vae', label: 'Variational autoencoder (loss in nats)' },
  { value: 'conv-vae', label: 'Convolutional VAE (loss in nats)' },
  { value: 'dcgan', label: 'DCGAN (loss: discriminator)' },
  { value: 'aae', label: 'Adversarial autoencoder' },
] as const satisfies readonly ModelOption[];

// fails to compile when the contract gains a model this list does not name
const _everyKindNamed: Record<ModelKind, true> = { 'dense-ae': true, 'conv-ae': true, vae: true, 'conv-vae': true, dcgan: true, aae: true };
void _everyKindNamed;
