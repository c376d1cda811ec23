/** The interface every model family implements, so one training loop drives them all. */
import type * as tf from '@tensorflow/tfjs';
import type { ModelKind } from '../../protocol';

/** A model that learns to reproduce its input; inputs are flat [batch, pixels] in [0, 1]. */
export interface AutoencoderModel {
  readonly kind: ModelKind;
  /** One optimizer step on a batch; returns the batch's mean loss (caller disposes). */
  trainStep(x: tf.Tensor2D): tf.Scalar;
  /** Mean loss on a batch, weights untouched (caller disposes). */
  loss(x: tf.Tensor2D): tf.Scalar;
  /** Reconstructions of a batch in [0, 1], same shape as `x` (caller disposes). */
  reconstruct(x: tf.Tensor2D): tf.Tensor2D;
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
}

/** Hands out consecutive seeds, so every layer and every noise draw repeats exactly. */
export function seedSequence(seed: number): () => number {
  let next = seed;
  return () => next++;
}
