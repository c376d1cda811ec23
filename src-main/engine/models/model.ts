/** The interface every model family implements, so one training loop drives them all. */
import type * as tf from '@tensorflow/tfjs';
import type { ModelKind, NoiseConfig } from '../../protocol';

/** Named scalars of one step or evaluation. `loss` is the headline number: BCE mean for
 * AEs, negative ELBO in nats for VAEs (DESIGN.md); other names are family-specific. */
export type Metrics = { loss: tf.Scalar } & Record<string, tf.Scalar>;

/** What a step may depend on besides the batch (e.g. the KL warm-up). */
export interface StepContext {
  /** 1-based epoch being trained */
  epoch: number;
}

/** Every tensor a checkpoint must hold to continue a run exactly: weights by position
 * (layer names differ between processes) and optimizer state. */
export type ModelState = Record<string, NamedTensor[]>;

/** A tensor with a name (tfjs's own NamedTensor type is not exported from its index). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** A trainable model; inputs are flat [batch, pixels] in [0, 1]. */
export interface TrainableModel {
  readonly kind: ModelKind;
  readonly latentDim: number;
  /** metric names a step reports, headline `loss` first */
  readonly metricNames: readonly string[];
  /** One optimizer step on a batch (caller disposes the metrics). */
  trainStep(x: tf.Tensor2D, context: StepContext): Metrics;
  /** Metrics on a batch, weights untouched (caller disposes). */
  evaluate(x: tf.Tensor2D, context: StepContext): Metrics;
  /** Reconstructions of a batch in [0, 1], same shape as `x`; absent for GANs (no encoder). */
  reconstruct?(x: tf.Tensor2D): tf.Tensor2D;
  /** Latent codes of a batch (the mean code for VAEs); absent for GANs. */
  encode?(x: tf.Tensor2D): tf.Tensor2D;
  /** A VAE's Gaussian posterior q(z|x): [mean, log-variance] of a batch. */
  encodeGaussian?(x: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D];
  /** Images in [0, 1] for latent codes (the generator, for GANs). */
  decode(z: tf.Tensor2D): tf.Tensor2D;
  /** Whether decoding codes drawn from the prior N(0, I) gives images worth showing
   * (VAEs, AAEs, GANs), so the UI shows a grid of samples from fixed noise. */
  readonly generative: boolean;
  /** Weights and optimizer state, for a checkpoint (tensors stay owned by the model). */
  saveState(): Promise<ModelState>;
  /** Restores what `saveState` returned; throws if shapes do not fit this model. */
  loadState(state: ModelState): Promise<void>;
  /** Frees weights and optimizer state. */
  dispose(): void;
}

/** Image geometry and the run settings a model factory needs. */
export interface ModelArgs {
  width: number;
  height: number;
  channels: number;
  /** absent: the family's reference size (DESIGN.md) */
  latentDim: number | undefined;
  learningRate: number;
  seed: number;
  /** VAE: weight of the KL term once warmed up */
  beta: number;
  /** VAE: epochs over which beta rises linearly from 0; 0 = no warm-up */
  klWarmupEpochs: number;
  /** AEs: corrupt training inputs (denoising); absent = clean inputs */
  noise: NoiseConfig | undefined;
  /** AAE: weight of the adversarial loss on reconstructions; 0 = none */
  imageAdversarialWeight: number;
}

/** Hands out consecutive seeds, so every layer and every noise draw repeats exactly. */
export function seedSequence(seed: number): () => number {
  let next = seed;
  return () => next++;
}
