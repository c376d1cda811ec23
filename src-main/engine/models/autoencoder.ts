/** A deterministic autoencoder (x -> logits) behind the common model interface: Adam on
 * BCE, optionally denoising. Dense and conv families differ only in their layers. */
import * as tf from '@tensorflow/tfjs';
import type { ModelKind, NoiseConfig } from '../../protocol';
import { inputCorruption } from './corruption';
import { meanBinaryCrossEntropyWithLogits } from './losses';
import type { TrainableModel } from './model';
import { captureState, restoreState, trainableVariables } from './model-state';

export interface AutoencoderParts {
  kind: ModelKind;
  encoder: tf.LayersModel;
  /** latent code -> logits */
  decoder: tf.LayersModel;
  latentDim: number;
  learningRate: number;
  noise: NoiseConfig | undefined;
  seed: number;
}

/** Encoder and decoder trained end to end on binary cross-entropy. */
export function trainableAutoencoder(parts: AutoencoderParts): TrainableModel {
  const { encoder, decoder } = parts;
  const net = chain(parts.kind, encoder, decoder);
  const optimizer = tf.train.adam(parts.learningRate);
  const variables = trainableVariables(net);
  const corrupt = parts.noise ? inputCorruption(parts.noise, parts.seed * 7919 + 17) : null;
  const logits = (x: tf.Tensor2D, training: boolean): tf.Tensor2D => net.apply(x, { training }) as tf.Tensor2D;
  return {
    kind: parts.kind,
    latentDim: parts.latentDim,
    generative: false,
    metricNames: ['loss'],
    trainStep: (x) => {
      const input = corrupt ? corrupt(x) : x;
      const loss = optimizer.minimize(() => meanBinaryCrossEntropyWithLogits(x, logits(input, true)), true, variables) as tf.Scalar;
      if (input !== x) input.dispose();
      return { loss };
    },
    evaluate: (x) => ({ loss: tf.tidy(() => meanBinaryCrossEntropyWithLogits(x, logits(x, false))) }),
    reconstruct: (x) => tf.tidy(() => tf.sigmoid(logits(x, false))),
    encode: (x) => encoder.predict(x) as tf.Tensor2D,
    decode: (z) => tf.tidy(() => tf.sigmoid(decoder.predict(z) as tf.Tensor2D)),
    saveState: () => captureState({ autoencoder: net }, { autoencoder: optimizer }),
    loadState: (state) => restoreState(state, { autoencoder: net }, { autoencoder: optimizer }),
    dispose: () => {
      net.dispose();
      optimizer.dispose();
    },
  };
}

/** Chains encoder and decoder into one model; functional, because a Sequential of
 * Sequentials disposes only half its weights. */
function chain(name: string, encoder: tf.LayersModel, decoder: tf.LayersModel): tf.LayersModel {
  const input = tf.input({ shape: encoder.inputs[0]!.shape.slice(1) as number[] });
  const output = decoder.apply(encoder.apply(input)) as tf.SymbolicTensor;
  return tf.model({ name: name.replace(/-/g, '_'), inputs: input, outputs: output });
}
