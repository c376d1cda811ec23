/** Loss functions shared by model families. */
import * as tf from '@tensorflow/tfjs';

/** Binary cross-entropy averaged over pixels and samples (PyTorch's BCELoss 'mean'). */
export function meanBinaryCrossEntropy(target: tf.Tensor, predicted: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.metrics.binaryCrossentropy(target, predicted)) as tf.Scalar);
}
