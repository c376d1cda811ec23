/** Requests of the Generate view: prior samples, encodings, latent statistics, the
 * fixed-noise grids a run recorded while training, and the class balance of samples. */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { LatentStats, MethodResult, ValidParams } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import type { generateMethods } from '../../protocol/generate';
import { decodeLatents } from '../analysis/explore-images';
import { gatherBatch } from '../data/image-set';
import type { RunModel } from '../inference/run-models';
import { listSampleEpochs, readSampleGrid } from '../runs/sample-history';
import type { AreaHandlers, EngineContext } from '../engine-context';
import { classBalance } from './class-balance';
import { ClassifierCache } from './classifier';
import { latentStats } from './latent-stats';
import { priorCodes } from './prior';

/** Runs whose latent statistics are kept at once. */
const KEPT_STATS = 8;

/** The model of `runId`, refused with a sentence when it does not generate from a prior. */
export async function generativeModel(context: Pick<EngineContext, 'runModels'>, runId: string): Promise<RunModel> {
  const handle = await context.runModels.get(runId);
  if (!handle.model.generative) {
    throw new WorkbenchError(
      'bad-request',
      `Run ${runId} is a ${handle.model.kind}, which does not decode samples from a prior; pick a vae, conv-vae, aae or dcgan run.`,
    );
  }
  return handle;
}

/** Draws prior codes and decodes them. */
export async function sampleFromPrior(handle: RunModel, params: ValidParams<'sampleLatents'>): Promise<MethodResult<'sampleLatents'>> {
  const dim = handle.model.latentDim;
  const codes = priorCodes(params.count, dim, params.seed, params.temperature);
  const decoded = await decodeLatents(handle, { runId: params.runId, codes });
  return { ...decoded, dim, codes };
}

/** Encodes dataset images by index (the mean code for VAEs). */
async function encodeImages({ model, dataset }: RunModel, params: ValidParams<'encodeImages'>): Promise<MethodResult<'encodeImages'>> {
  const { encode } = model;
  if (!encode) {
    throw new WorkbenchError('bad-request', `A ${model.kind} has no encoder, so dataset images have no codes; interpolate between two samples instead.`);
  }
  const { width, height, channels, count: size } = dataset.summary;
  const pixels = width * height * channels;
  const { indices } = params;
  for (const index of indices) {
    if (index >= size) throw new WorkbenchError('bad-request', `Image index ${index} is out of range: the dataset has ${size} images (0 to ${size - 1}).`);
  }
  const z = tf.tidy(() => encode.call(model, tf.tensor2d(gatherBatch(dataset, indices), [indices.length, pixels])));
  let codes: Float32Array;
  try {
    codes = (await z.data()) as Float32Array;
  } finally {
    z.dispose();
  }
  const images = new Uint8Array(indices.length * pixels);
  indices.forEach((index, i) => images.set(dataset.images.subarray(index * pixels, (index + 1) * pixels), i * pixels));
  const labels = dataset.labels ? Uint8Array.from(indices, (i) => dataset.labels![i]!) : null;
  return { count: indices.length, dim: model.latentDim, codes, width, height, channels, images, labels };
}

export function generateHandlers(context: EngineContext): AreaHandlers<keyof typeof generateMethods> {
  // one pass over the validation split per set of weights ("checkpoint best (epoch 3)")
  const statsCache = new Map<string, { weights: string; stats: Promise<LatentStats> }>();
  const classifiers = new ClassifierCache(join(context.dataDir, 'classifiers'));
  // events at most every 100 ms (and always the last), so a long step list costs no traffic
  const throttled = (runId: string, stage: 'training-classifier' | 'sampling') => {
    let last = 0;
    return (done: number, total: number) => {
      if (done < total && Date.now() - last < 100) return;
      last = Date.now();
      context.emit('classBalanceProgress', { runId, stage, done, total });
    };
  };

  async function runDir(runId: string): Promise<string> {
    await context.runs.read(runId).catch(() => {
      throw new WorkbenchError('not-found', `There is no run ${runId}.`);
    });
    return context.runs.dirOf(runId);
  }

  return {
    sampleLatents: async (params) => sampleFromPrior(await generativeModel(context, params.runId), params),
    encodeImages: async (params) => encodeImages(await context.runModels.get(params.runId), params),
    getLatentStats: async ({ runId }) => {
      const handle = await context.runModels.get(runId);
      const cached = statsCache.get(runId);
      if (cached?.weights === handle.weights) return cached.stats;
      const stats = latentStats(handle.model, handle.dataset, handle.weights);
      statsCache.delete(runId);
      statsCache.set(runId, { weights: handle.weights, stats });
      if (statsCache.size > KEPT_STATS) statsCache.delete(statsCache.keys().next().value!);
      // a failed pass is tried again by the next request
      stats.catch(() => statsCache.delete(runId));
      return stats;
    },
    listSampleHistory: async ({ runId }) => ({ epochs: await listSampleEpochs(await runDir(runId)) }),
    getClassBalance: async (params) => {
      const handle = await generativeModel(context, params.runId);
      const classifier = await classifiers.get(handle.dataset, throttled(params.runId, 'training-classifier'));
      return classBalance(handle, classifier, params, throttled(params.runId, 'sampling'));
    },
    getSampleHistory: async ({ runId, epoch }) => {
      const grid = await readSampleGrid(await runDir(runId), epoch);
      if (!grid) throw new WorkbenchError('not-found', `Run ${runId} recorded no sample grid for epoch ${epoch}.`);
      return { epoch, width: grid.width, height: grid.height, channels: grid.channels, image: grid.bytes };
    },
  };
}
