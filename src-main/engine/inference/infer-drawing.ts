/** One drawing through a run's model: what the Draw view shows beside the pad. */
import * as tf from '@tensorflow/tfjs';
import type { MethodResult, ValidParams } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import { gatherBatch } from '../data/image-set';
import { nearestRows, perSampleBce, percentileOf } from './dataset-lens';
import type { RunModel } from './run-models';

/** Spread of the codes decoded around the drawing's, in prior standard deviations. */
const SAMPLE_SPREAD = 0.5;

export async function inferDrawing(run: RunModel, params: ValidParams<'inferDrawing'>): Promise<MethodResult<'inferDrawing'>> {
  const { model, dataset } = run;
  const { width, height, channels } = dataset.summary;
  const size = width * height * channels;
  if (params.pixels.length !== size) {
    throw new WorkbenchError('bad-request', `This run's model takes ${width}x${height}x${channels} images (${size} values), not ${params.pixels.length}.`);
  }
  const { reconstruct, encode } = model;
  if (!reconstruct || !encode) {
    throw new WorkbenchError('bad-request', `A ${model.kind} run has no encoder, so it cannot reconstruct a drawing; pick an autoencoder run.`);
  }
  const lens = await run.lens();
  const x = tf.tensor2d(params.pixels, [1, size]);
  // decoding the code is the reconstruction (the mean code, for VAEs): one encoder pass
  const [reconstructionT, latentT] = tf.tidy(() => {
    const z = encode.call(model, x);
    return [model.decode(z), z];
  });
  const errorT = perSampleBce(x, reconstructionT!);
  const samplesT =
    model.generative && params.samples > 0
      ? tf.tidy(() => model.decode(tf.add(latentT!, tf.randomNormal([params.samples, model.latentDim], 0, SAMPLE_SPREAD))))
      : null;
  const [reconstruction, latent, error, samples] = await Promise.all([
    reconstructionT!.data() as Promise<Float32Array>,
    latentT!.data() as Promise<Float32Array>,
    errorT.data(),
    samplesT ? (samplesT.data() as Promise<Float32Array>) : Promise.resolve(new Float32Array(0)),
  ]);
  tf.dispose([x, reconstructionT!, latentT!, errorT, ...(samplesT ? [samplesT] : [])]);
  const neighbours = lens.trainCodes ? nearestRows(lens.trainCodes, model.latentDim, latent, params.neighbours) : [];
  return {
    reconstruction,
    latent,
    error: error[0]!,
    percentile: percentileOf(lens.sortedValErrors, error[0]!),
    neighbours: neighbours.map(({ row, distance }) => {
      const index = dataset.trainIndices[row]!;
      return { index, label: dataset.labels ? dataset.labels[index]! : null, distance, pixels: gatherBatch(dataset, [index]) };
    }),
    samples: Array.from({ length: samples.length / size }, (_, i) => samples.slice(i * size, (i + 1) * size)),
    weights: run.weights,
  };
}
