/** Loss functions shared by model families. Decoders output logits: computing the
 * cross-entropy from logits is stabler and skips the clip/log/divide round trip that a
 * loss on probabilities costs every step. */
import * as tf from '@tensorflow/tfjs';

/** Binary cross-entropy averaged over pixels and samples (PyTorch's BCELoss 'mean'):
 * mean(softplus(l) - t * l). Its gradient is written by hand, (sigmoid(l) - t) / n: three
 * element-wise kernels instead of the dozen autodiff runs through tfjs's
 * sigmoidCrossEntropy, about 1.7 ms of a 25 ms dense-AE step on wasm. */
export function meanBinaryCrossEntropyWithLogits(target: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  const n = logits.size;
  // tfjs types the arguments loosely: (logits, save)
  const bce = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [l, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([l]);
    return {
      value: tf.div(tf.sum(tf.sub(tf.softplus(l), tf.mul(target, l))), n) as tf.Scalar,
      gradFunc: (dy: tf.Scalar, [saved]: tf.Tensor[]) => tf.mul(tf.sub(tf.sigmoid(saved!), target), tf.div(dy, n)),
    };
  });
  return bce(logits) as tf.Scalar;
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
