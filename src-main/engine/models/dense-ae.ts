/** The reference dense autoencoder of DESIGN.md: 784-256-latent-256-784, ReLU, sigmoid out. */
import * as tf from '@tensorflow/tfjs';
import { meanBinaryCrossEntropy } from './losses';
import type { AutoencoderModel, ModelArgs } from './model';

/** Layer sizes of the dense autoencoder. */
export interface DenseAutoencoderArgs {
  inputSize: number;
  hiddenSize: number;
  latentDim: number;
  seed: number;
}

/** Builds encoder, decoder and the two chained, as tfjs layers models (exportable as is). */
export function buildDenseAutoencoder(args: DenseAutoencoderArgs): {
  encoder: tf.Sequential;
  decoder: tf.Sequential;
  autoencoder: tf.LayersModel;
} {
  let seed = args.seed;
  // each layer gets its own seed so runs repeat exactly
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: seed++ });
  const encoder = tf.sequential({
    name: 'encoder',
    layers: [
      tf.layers.dense({ inputShape: [args.inputSize], units: args.hiddenSize, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: args.latentDim, activation: 'relu', kernelInitializer: init() }),
    ],
  });
  const decoder = tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [args.latentDim], units: args.hiddenSize, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: args.inputSize, activation: 'sigmoid', kernelInitializer: init() }),
    ],
  });
  // composed functionally: a Sequential of Sequentials disposes only half its weights
  const input = tf.input({ shape: [args.inputSize] });
  const output = decoder.apply(encoder.apply(input)) as tf.SymbolicTensor;
  const autoencoder = tf.model({ name: 'dense_ae', inputs: input, outputs: output });
  return { encoder, decoder, autoencoder };
}

/** The dense autoencoder behind the common model interface, trained with Adam on BCE. */
export function createDenseAe(args: ModelArgs): AutoencoderModel {
  const { autoencoder } = buildDenseAutoencoder({
    inputSize: args.width * args.height * args.channels,
    hiddenSize: 256,
    latentDim: args.latentDim,
    seed: args.seed,
  });
  const optimizer = tf.train.adam(args.learningRate);
  const forward = (x: tf.Tensor2D): tf.Tensor2D => autoencoder.apply(x, { training: true }) as tf.Tensor2D;
  return {
    kind: 'dense-ae',
    trainStep: (x) => optimizer.minimize(() => meanBinaryCrossEntropy(x, forward(x)), true) as tf.Scalar,
    loss: (x) => tf.tidy(() => meanBinaryCrossEntropy(x, forward(x))),
    reconstruct: (x) => tf.tidy(() => autoencoder.predict(x) as tf.Tensor2D),
    dispose: () => {
      autoencoder.dispose();
      optimizer.dispose();
    },
  };
}
