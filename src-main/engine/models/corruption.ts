/** Input corruption for denoising autoencoders: the model sees noisy inputs and learns to
 * give back the clean ones. */
import * as tf from '@tensorflow/tfjs';
import type { NoiseConfig } from '../../protocol';
import { seedSequence } from './model';

/** Returns a function that corrupts a batch with fresh, seeded noise on every call. */
export function inputCorruption(noise: NoiseConfig, seed: number): (x: tf.Tensor2D) => tf.Tensor2D {
  const nextSeed = seedSequence(seed);
  if (noise.kind === 'gaussian') {
    // additive noise, clipped back to the pixel range the loss expects
    return (x) => tf.tidy(() => tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, noise.amount, 'float32', nextSeed())), 0, 1) as tf.Tensor2D);
  }
  // masking: each pixel is zeroed with probability `amount`
  return (x) => tf.tidy(() => tf.mul(x, tf.step(tf.sub(tf.randomUniform(x.shape, 0, 1, 'float32', nextSeed()), noise.amount))) as tf.Tensor2D);
}
