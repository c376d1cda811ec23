/**
 * A variational autoencoder behind the common model interface, whatever its layers: a
 * Gaussian encoder (x -> mu, log-variance), the reparameterisation trick, a Bernoulli
 * decoder. It optimises recon + beta * KL (beta warmed up linearly) and reports the true
 * negative ELBO (recon + KL, nats per sample) as its loss.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelKind } from '../../protocol';
import { gaussianKlToStandardNormal, summedBinaryCrossEntropyWithLogits } from './losses';
import { seedSequence } from './model';
import type { Metrics, StepContext, TrainableModel } from './model';
import { captureState, restoreState, trainableVariables } from './model-state';

export interface VariationalParts {
  kind: ModelKind;
  /** x -> [mu, logVar] */
  encoder: tf.LayersModel;
  /** z -> logits */
  decoder: tf.LayersModel;
  latentDim: number;
  learningRate: number;
  beta: number;
  klWarmupEpochs: number;
  seed: number;
}

/** The KL weight of an epoch: 0 at epoch 1, rising linearly to `beta` at epoch warmup + 1. */
export function klWeight(beta: number, warmupEpochs: number, epoch: number): number {
  return warmupEpochs > 0 ? beta * Math.min(1, (epoch - 1) / warmupEpochs) : beta;
}

export function trainableVariational(parts: VariationalParts): TrainableModel {
  const { encoder, decoder } = parts;
  const optimizer = tf.train.adam(parts.learningRate);
  const variables = trainableVariables(encoder, decoder);
  // a fresh, seeded noise draw per call keeps runs repeatable
  const noiseSeed = seedSequence(parts.seed * 1_000_003);
  const terms = (x: tf.Tensor2D, training: boolean): { recon: tf.Scalar; kl: tf.Scalar } => {
    const [mu, logVar] = encoder.apply(x, { training }) as [tf.Tensor2D, tf.Tensor2D];
    const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', noiseSeed());
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
    const logits = decoder.apply(z, { training }) as tf.Tensor2D;
    return { recon: summedBinaryCrossEntropyWithLogits(x, logits), kl: gaussianKlToStandardNormal(mu, logVar) };
  };
  const report = (recon: tf.Scalar, kl: tf.Scalar): Metrics => ({ loss: tf.add(recon, kl), recon, kl });
  return {
    kind: parts.kind,
    latentDim: parts.latentDim,
    generative: true,
    metricNames: ['loss', 'recon', 'kl'],
    trainStep: (x: tf.Tensor2D, context: StepContext) => {
      const beta = klWeight(parts.beta, parts.klWarmupEpochs, context.epoch);
      let kept: { recon: tf.Scalar; kl: tf.Scalar } | null = null;
      const objective = optimizer.minimize(
        () => {
          const { recon, kl } = terms(x, true);
          kept = { recon: tf.keep(recon), kl: tf.keep(kl) };
          return tf.add(recon, tf.mul(kl, beta));
        },
        true,
        variables,
      );
      objective?.dispose();
      const { recon, kl } = kept!;
      return report(recon, kl);
    },
    evaluate: (x) => {
      const { recon, kl } = tf.tidy(() => {
        const t = terms(x, false);
        return { recon: tf.keep(t.recon), kl: tf.keep(t.kl) };
      });
      return report(recon, kl);
    },
    // the mean code: what the model believes, without sampling noise
    reconstruct: (x) =>
      tf.tidy(() => {
        const [mu] = encoder.predict(x) as tf.Tensor2D[];
        return tf.sigmoid(decoder.predict(mu!) as tf.Tensor2D);
      }),
    encode: (x) =>
      tf.tidy(() => {
        const [mu, logVar] = encoder.predict(x) as tf.Tensor2D[];
        logVar!.dispose();
        return mu!;
      }),
    encodeGaussian: (x) => encoder.predict(x) as [tf.Tensor2D, tf.Tensor2D],
    decode: (z) => tf.tidy(() => tf.sigmoid(decoder.predict(z) as tf.Tensor2D)),
    saveState: () => captureState({ encoder, decoder }, { vae: optimizer }),
    loadState: (state) => restoreState(state, { encoder, decoder }, { vae: optimizer }),
    dispose: () => {
      encoder.dispose();
      decoder.dispose();
      optimizer.dispose();
    },
  };
}
