/** Loss functions shared by model families. Decoders output logits: computing the
 * cross-entropy from logits is stabler and skips the clip/log/divide round trip that a
 * loss on probabilities costs every step. */
import * as tf from '@tensorflow/tfjs';

/** Binary cross-entropy averaged over pixels and samples (PyTorch's BCELoss 'mean'). */
export function meanBinaryCrossEntropyWithLogits(target: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.losses.sigmoidCrossEntropy(target, logits) as tf.Scalar;
}

/** Binary cross-entropy summed over pixels, averaged over samples (nats per sample). */
export function summedBinaryCrossEntropyWithLogits(target: tf.Tensor2D, logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mul(meanBinaryCrossEntropyWithLogits(target, logits), target.shape[1]));
}

/** KL(N(mu, exp(logVar)) || N(0, I)), summed over latent dims, averaged over samples. */
export function gaussianKlToStandardNormal(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const perDim = tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), tf.add(logVar, 1));
    return tf.mul(tf.mean(tf.sum(perDim, 1)), 0.5) as tf.Scalar;
  });
}
