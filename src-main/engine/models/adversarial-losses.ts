/** Losses, scores and step helpers shared by the adversarial families (DCGAN, AAE).
 * A discriminator outputs one logit per sample: positive means "real". Losses are the
 * binary cross-entropies written with softplus, which is exact and stable for any logit. */
import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from './model';

/** The discriminator's loss: mean BCE on real samples (label 1) plus mean BCE on fakes
 * (label 0). A discriminator that cannot tell them apart (p = 0.5) scores 2 ln 2 ≈ 1.386. */
export function discriminatorLoss(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(tf.mean(tf.softplus(tf.neg(realLogits))), tf.mean(tf.softplus(fakeLogits))) as tf.Scalar);
}

/** The generator's non-saturating loss, -log D(fake): strong gradients while the
 * discriminator still wins, unlike the minimax log(1 - D(fake)). */
export function nonSaturatingGeneratorLoss(fakeLogits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.softplus(tf.neg(fakeLogits))) as tf.Scalar);
}

/** Share of samples the discriminator calls real (logit > 0): its accuracy on real ones. */
export function shareCalledReal(logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.greater(logits, 0), 'float32')) as tf.Scalar);
}

/** Share of samples the discriminator calls fake (logit <= 0): its accuracy on fakes. */
export function shareCalledFake(logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.lessEqual(logits, 0), 'float32')) as tf.Scalar);
}

/** One optimizer step on `cost` over `variables` that also hands back tensors computed on
 * the way (metrics), kept past the step's tidy; the caller disposes them and the cost. */
export function minimizeKeeping<T extends Record<string, tf.Tensor>>(
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  step: () => { cost: tf.Scalar; keep: T },
): { cost: tf.Scalar } & T {
  let kept: T | undefined;
  const cost = optimizer.minimize(
    () => {
      const { cost, keep } = step();
      for (const tensor of Object.values(keep)) tf.keep(tensor);
      kept = keep;
      return cost;
    },
    true,
    variables,
  ) as tf.Scalar;
  return { ...kept!, cost };
}

/** Seeds for a model's training noise, one per draw, counted from a position that a
 * checkpoint carries: a resumed run draws the noise an uninterrupted one would. */
export class NoiseSeeds {
  private draws = 0;

  constructor(private readonly base: number) {}

  next(): number {
    return this.base + this.draws++;
  }

  /** the position, as a checkpoint group (the caller disposes it) */
  save(): NamedTensor[] {
    return [{ name: 'draws', tensor: tf.scalar(this.draws, 'int32') }];
  }

  async restore(saved: NamedTensor[] | undefined): Promise<void> {
    const draws = saved?.find((w) => w.name === 'draws')?.tensor;
    if (!draws) throw new Error('The checkpoint holds no noise position.');
    this.draws = (await draws.data())[0]!;
  }
}
