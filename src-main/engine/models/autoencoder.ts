/** A deterministic autoencoder (x -> logits) behind the common model interface: Adam on BCE. */
import * as tf from '@tensorflow/tfjs';
import type { ModelKind } from '../../protocol';
import { meanBinaryCrossEntropyWithLogits } from './losses';
import type { AutoencoderModel } from './model';

/** Wraps `net`, a model from flat images to flat logits, for training and reconstruction. */
export function trainableAutoencoder(kind: ModelKind, net: tf.LayersModel, learningRate: number): AutoencoderModel {
  const optimizer = tf.train.adam(learningRate);
  const logits = (x: tf.Tensor2D, training: boolean): tf.Tensor2D => net.apply(x, { training }) as tf.Tensor2D;
  return {
    kind,
    trainStep: (x) => optimizer.minimize(() => meanBinaryCrossEntropyWithLogits(x, logits(x, true)), true) as tf.Scalar,
    loss: (x) => tf.tidy(() => meanBinaryCrossEntropyWithLogits(x, logits(x, false))),
    reconstruct: (x) => tf.tidy(() => tf.sigmoid(logits(x, false))),
    dispose: () => {
      net.dispose();
      optimizer.dispose();
    },
  };
}

/** Chains encoder and decoder into one model; functional, because a Sequential of
 * Sequentials disposes only half its weights. */
export function chain(name: string, inputSize: number, encoder: tf.LayersModel, decoder: tf.LayersModel): tf.LayersModel {
  const input = tf.input({ shape: [inputSize] });
  const output = decoder.apply(encoder.apply(input)) as tf.SymbolicTensor;
  return tf.model({ name, inputs: input, outputs: output });
}
