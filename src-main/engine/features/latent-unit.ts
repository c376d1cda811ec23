/**
 * What one latent unit responds to: the split's images ranked by its activation (both ends),
 * its activation histogram per label, and decodes of the mean code with only that unit moved
 * from -3 to +3 standard deviations (the unit's "preferred input" is the +3 sd end).
 */
import type { LatentUnit, LatentUnitRequest } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import { decodeLatents } from '../analysis/explore-images';
import { CancelledError, TimeSlicer } from '../analysis/time-slicer';
import type { RunModel } from '../inference/run-models';
import type { CodeCache } from './code-cache';

/** The unit's values in the decoded strip, in standard deviations from its mean. */
export const UNIT_SWEEP = [-3, -1.5, 0, 1.5, 3] as const;

/** Inspects `request.unit` of `run`'s code over `request.split`. */
export async function inspectLatentUnit(run: RunModel, request: LatentUnitRequest, cache: CodeCache): Promise<LatentUnit> {
  const { model, dataset } = run;
  if (!model.encode) throw new WorkbenchError('bad-request', `A ${model.kind} run has no encoder, so its units have no activations; pick an autoencoder, VAE or AAE run.`);
  const dim = model.latentDim;
  if (request.unit >= dim) throw new WorkbenchError('bad-request', `This run's code has ${dim} units (0 to ${dim - 1}); unit ${request.unit} does not exist.`);
  const split = await codesOf(run, request, cache);
  const count = split.indices.length;
  if (count === 0) throw new WorkbenchError('bad-request', `The ${request.split} split of ${dataset.summary.id} is empty.`);
  const values = new Float32Array(count);
  const meanCode = new Float32Array(dim);
  for (let r = 0; r < count; r++) {
    values[r] = split.codes[r * dim + request.unit]!;
    for (let j = 0; j < dim; j++) meanCode[j] = meanCode[j]! + split.codes[r * dim + j]! / count;
  }
  const { mean, sd, min, max } = moments(values);
  const order = Int32Array.from({ length: count }, (_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  const k = Math.min(request.count, count);
  const top = order.subarray(0, k);
  const bottom = order.slice(count - k).reverse();

  const labels = dataset.labels ? [...new Set(Array.from(split.indices, (i) => dataset.labels![i]!))].sort((a, b) => a - b) : null;
  const rowOf = new Map(labels?.map((label, row) => [label, row]));
  const histogram = new Int32Array((labels?.length ?? 1) * request.bins);
  const width = max - min;
  for (let r = 0; r < count; r++) {
    const bin = width > 0 ? Math.min(request.bins - 1, Math.floor(((values[r]! - min) / width) * request.bins)) : 0;
    const row = dataset.labels ? rowOf.get(dataset.labels[split.indices[r]!]!)! : 0;
    histogram[row * request.bins + bin] = histogram[row * request.bins + bin]! + 1;
  }

  const codes = new Float32Array(UNIT_SWEEP.length * dim);
  UNIT_SWEEP.forEach((s, n) => {
    codes.set(meanCode, n * dim);
    codes[n * dim + request.unit] = mean + s * sd;
  });
  const decoded = await decodeLatents(run, { runId: request.runId, codes });

  return {
    runId: request.runId,
    unit: request.unit,
    dim,
    count,
    mean,
    sd,
    top: Int32Array.from(top, (p) => split.indices[p]!),
    topValues: Float32Array.from(top, (p) => values[p]!),
    bottom: Int32Array.from(bottom, (p) => split.indices[p]!),
    bottomValues: Float32Array.from(bottom, (p) => values[p]!),
    min,
    max,
    bins: request.bins,
    labels,
    histogram,
    sweep: [...UNIT_SWEEP],
    decodes: decoded.images,
    width: decoded.width,
    height: decoded.height,
    channels: decoded.channels,
  };
}

/** The split's codes; an encoding cancelled by a probe that shared it is done again here. */
async function codesOf(run: RunModel, request: LatentUnitRequest, cache: CodeCache) {
  try {
    return await cache.codes(request.runId, run, request.split, new TimeSlicer());
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    return cache.codes(request.runId, run, request.split, new TimeSlicer());
  }
}

function moments(values: Float32Array): { mean: number; sd: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / values.length;
  let square = 0;
  for (const v of values) square += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(square / values.length), min, max };
}
