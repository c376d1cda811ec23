/**
 * An adversarial autoencoder (Makhzani et al., 2016): the dense autoencoder's shape, whose
 * codes a discriminator on the latent space pushes toward the prior N(0, I), so decoding
 * prior samples gives images like the data. Optionally a second discriminator (the
 * DCGAN's conv critic, so image sides must be multiples of 4) judges reconstructions
 * against real images and its non-saturating loss joins the reconstruction loss (a GAN
 * as a modified reconstruction loss), weighted by `imageAdversarialWeight`.
 *
 * Per batch: (1) a reconstruction step (BCE [+ weight * adversarial], Adam lr) on encoder
 * and decoder; (2) with the image loss on, an image discriminator step; (3) a latent
 * discriminator step, prior samples as real and the step-1 codes as fake; (4) a
 * regularisation step in which the encoder learns to fool the latent discriminator. The
 * players use Adam(lr, beta1 = 0.5), the usual GAN choice.
 *
 * Metrics: `loss` = reconstruction BCE mean (comparable with dense-ae), `dLoss`/`gLoss`
 * the latent discriminator's and the encoder's adversarial losses, `dAccReal`/`dAccFake`
 * the latent discriminator's accuracy, `priorGap` the KL of a Gaussian fitted to the
 * batch's codes from N(0, I), and `imgDLoss` the image discriminator's loss when on.
 */
import * as tf from '@tensorflow/tfjs';
import { discriminatorLoss, minimizeKeeping, NoiseSeeds, nonSaturatingGeneratorLoss, shareCalledFake, shareCalledReal } from './adversarial-losses';
import { buildDiscriminator } from './dcgan';
import { glorotSequence } from './dense-ae';
import { gaussianKlToStandardNormal, meanBinaryCrossEntropyWithLogits } from './losses';
import type { Metrics, ModelArgs, TrainableModel } from './model';
import { captureState, restoreState, trainableVariables } from './model-state';

/** Code size: 8, as in the paper's MNIST likelihood experiments; a prior over few
 * dimensions is one a small discriminator can check well. */
export const AAE_LATENT = 8;
const HIDDEN = 256;
const DISCRIMINATOR_HIDDEN = 64;
const LEAK = 0.2;
// a dimension that never varies counts as variance 1e-6 (about 6.4 nats), not infinitely far
const VARIANCE_FLOOR = 1e-6;

/**
 * How far codes are from N(0, I): KL(N(mean, diag(variance)) || N(0, I)) of the Gaussian
 * fitted to the batch, summed over dims, in nats. 0 only for codes with zero mean and
 * unit variance per dim (correlations are not seen); codes truly from the prior score
 * about latent / batch from sampling noise alone.
 */
export function gaussianFitKlToPrior(codes: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(codes, 0, true);
    return gaussianKlToStandardNormal(mean as tf.Tensor2D, tf.log(tf.add(variance, VARIANCE_FLOOR)) as tf.Tensor2D);
  });
}

/** The latent critic: code -> two dense LeakyReLU layers -> one logit, positive = prior. */
function latentDiscriminator(latentDim: number, init: ReturnType<typeof glorotSequence>): tf.Sequential {
  return tf.sequential({
    name: 'latent_discriminator',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: DISCRIMINATOR_HIDDEN, kernelInitializer: init() }),
      tf.layers.leakyReLU({ alpha: LEAK }),
      tf.layers.dense({ units: DISCRIMINATOR_HIDDEN, kernelInitializer: init() }),
      tf.layers.leakyReLU({ alpha: LEAK }),
      tf.layers.dense({ units: 1, kernelInitializer: init() }),
    ],
  });
}

/** The adversarial autoencoder behind the common model interface. */
export function createAae(args: ModelArgs): TrainableModel {
  const inputSize = args.width * args.height * args.channels;
  const latentDim = args.latentDim ?? AAE_LATENT;
  const weight = args.imageAdversarialWeight;
  const init = glorotSequence(args.seed);
  // the code layer is linear: ReLU codes could never match a prior with negative values
  const encoder = tf.sequential({
    name: 'encoder',
    layers: [
      tf.layers.dense({ inputShape: [inputSize], units: HIDDEN, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: latentDim, kernelInitializer: init() }),
    ],
  });
  const decoder = tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: HIDDEN, activation: 'relu', kernelInitializer: init() }),
      tf.layers.dense({ units: inputSize, kernelInitializer: init() }),
    ],
  });
  const latentCritic = latentDiscriminator(latentDim, init);
  // the DCGAN's conv critic without batch-norm: a dense critic on pixels taught the decoder
  // speckle noise on mnist-10k, even at weight 0.01
  const imageCritic = weight > 0 ? buildDiscriminator(args, init, false) : null;

  const reconOptimizer = tf.train.adam(args.learningRate);
  const latentOptimizer = tf.train.adam(args.learningRate, 0.5);
  const regOptimizer = tf.train.adam(args.learningRate, 0.5);
  const imageOptimizer = imageCritic ? tf.train.adam(args.learningRate, 0.5) : null;
  const reconVariables = trainableVariables(encoder, decoder);
  const latentVariables = trainableVariables(latentCritic);
  const encoderVariables = trainableVariables(encoder);
  const imageVariables = imageCritic ? trainableVariables(imageCritic) : [];

  const nets: Record<string, tf.LayersModel> = { encoder, decoder, latentDiscriminator: latentCritic };
  const optimizers: Record<string, tf.Optimizer> = { reconstruction: reconOptimizer, latentDiscriminator: latentOptimizer, regularisation: regOptimizer };
  if (imageCritic && imageOptimizer) {
    nets['imageDiscriminator'] = imageCritic;
    optimizers['imageDiscriminator'] = imageOptimizer;
  }
  // fresh, seeded prior samples per step; evaluation always uses the same ones
  const trainSeeds = new NoiseSeeds(args.seed * 1_000_003);
  const evalSeed = args.seed * 1_000_003 - 1;
  const prior = (count: number, seed: number): tf.Tensor2D => tf.randomNormal([count, latentDim], 0, 1, 'float32', seed);
  const encode = (x: tf.Tensor2D): tf.Tensor2D => encoder.apply(x) as tf.Tensor2D;
  const decode = (z: tf.Tensor2D): tf.Tensor2D => decoder.apply(z) as tf.Tensor2D;
  const judge = (critic: tf.LayersModel, x: tf.Tensor2D): tf.Tensor2D => critic.apply(x) as tf.Tensor2D;
  /** the latent discriminator's loss (prior samples real, codes fake) and accuracies */
  const latentTerms = (codes: tf.Tensor2D, priorSamples: tf.Tensor2D) => {
    const realLogits = judge(latentCritic, priorSamples);
    const fakeLogits = judge(latentCritic, codes);
    return { cost: discriminatorLoss(realLogits, fakeLogits), keep: { dAccReal: shareCalledReal(realLogits), dAccFake: shareCalledFake(fakeLogits) } };
  };
  /** step 1: BCE, plus the weighted adversarial loss of the reconstructions when on */
  const reconstructionStep = (x: tf.Tensor2D): { loss: tf.Scalar; codes: tf.Tensor2D; images: tf.Tensor2D | null } => {
    if (!imageCritic) {
      const { cost, codes } = minimizeKeeping(reconOptimizer, reconVariables, () => {
        const codes = encode(x);
        return { cost: meanBinaryCrossEntropyWithLogits(x, decode(codes)), keep: { codes } };
      });
      return { loss: cost, codes, images: null };
    }
    const { cost, bce, codes, images } = minimizeKeeping(reconOptimizer, reconVariables, () => {
      const codes = encode(x);
      const logits = decode(codes);
      const bce = meanBinaryCrossEntropyWithLogits(x, logits);
      const images = tf.sigmoid(logits);
      return { cost: tf.add(bce, tf.mul(nonSaturatingGeneratorLoss(judge(imageCritic, images)), weight)), keep: { bce, codes, images } };
    });
    cost.dispose();
    return { loss: bce, codes, images };
  };

  return {
    kind: 'aae',
    latentDim,
    generative: true,
    metricNames: ['loss', 'dLoss', 'gLoss', 'dAccReal', 'dAccFake', 'priorGap', ...(imageCritic ? ['imgDLoss'] : [])],
    trainStep: (x) => {
      const { loss, codes, images } = reconstructionStep(x);
      const metrics: Metrics = { loss, priorGap: gaussianFitKlToPrior(codes) };
      if (imageCritic && imageOptimizer && images) {
        metrics['imgDLoss'] = imageOptimizer.minimize(() => discriminatorLoss(judge(imageCritic, x), judge(imageCritic, images)), true, imageVariables) as tf.Scalar;
        images.dispose();
      }
      const priorSamples = prior(x.shape[0], trainSeeds.next());
      const { cost: dLoss, dAccReal, dAccFake } = minimizeKeeping(latentOptimizer, latentVariables, () => latentTerms(codes, priorSamples));
      tf.dispose([codes, priorSamples]);
      const gLoss = regOptimizer.minimize(() => nonSaturatingGeneratorLoss(judge(latentCritic, encode(x))), true, encoderVariables) as tf.Scalar;
      return { ...metrics, dLoss, gLoss, dAccReal, dAccFake };
    },
    evaluate: (x) =>
      tf.tidy(() => {
        const codes = encode(x);
        const logits = decode(codes);
        const { cost: dLoss, keep } = latentTerms(codes, prior(x.shape[0], evalSeed));
        const metrics: Metrics = {
          loss: meanBinaryCrossEntropyWithLogits(x, logits),
          dLoss,
          gLoss: nonSaturatingGeneratorLoss(judge(latentCritic, codes)),
          ...keep,
          priorGap: gaussianFitKlToPrior(codes),
        };
        if (imageCritic) metrics['imgDLoss'] = discriminatorLoss(judge(imageCritic, x), judge(imageCritic, tf.sigmoid(logits)));
        return metrics;
      }) as Metrics,
    reconstruct: (x) => tf.tidy(() => tf.sigmoid(decoder.predict(encoder.predict(x) as tf.Tensor2D) as tf.Tensor2D)),
    encode: (x) => encoder.predict(x) as tf.Tensor2D,
    decode: (z) => tf.tidy(() => tf.sigmoid(decoder.predict(z) as tf.Tensor2D)),
    saveState: async () => ({ ...(await captureState(nets, optimizers)), noise: trainSeeds.save() }),
    loadState: async (state) => {
      await restoreState(state, nets, optimizers);
      await trainSeeds.restore(state['noise']);
    },
    dispose: () => {
      for (const net of Object.values(nets)) net.dispose();
      for (const optimizer of Object.values(optimizers)) optimizer.dispose();
    },
  };
}
