/**
 * The images the latent explorer shows beside its map: dataset images by index with their
 * reconstructions (tooltips, pinned points, selection grids) and decodes of latent codes
 * (the latent plane under the pointer, interpolation strips). All as bytes, 0..255.
 */
import * as tf from '@tensorflow/tfjs';
import type { MethodResult, ValidParams } from '../../protocol';
import { MAX_DECODES_PER_REQUEST, WorkbenchError } from '../../protocol';
import { gatherBatch } from '../data/image-set';
import type { RunModel } from '../inference/run-models';

/** Images in [0, 1] as bytes. */
function toBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, values[i]!)) * 255);
  return bytes;
}

/** The dataset images at `indices`, in that order, with reconstructions when asked. */
export async function datasetImages({ model, dataset }: RunModel, params: ValidParams<'getDatasetImages'>): Promise<MethodResult<'getDatasetImages'>> {
  const { width, height, channels, count: size } = dataset.summary;
  const pixels = width * height * channels;
  const { indices } = params;
  for (let i = 0; i < indices.length; i++) {
    if (indices[i]! >= size) throw new WorkbenchError('bad-request', `Image index ${indices[i]} is out of range: the dataset has ${size} images.`);
  }
  const images = new Uint8Array(indices.length * pixels);
  for (let i = 0; i < indices.length; i++) images.set(dataset.images.subarray(indices[i]! * pixels, (indices[i]! + 1) * pixels), i * pixels);
  let reconstructions: Uint8Array | null = null;
  const { encode } = model;
  // a model without an encoder (a GAN) has no reconstructions to give
  if (params.reconstructions && encode) {
    const out = tf.tidy(() => model.decode(encode.call(model, tf.tensor2d(gatherBatch(dataset, indices), [indices.length, pixels]))));
    try {
      reconstructions = toBytes((await out.data()) as Float32Array);
    } finally {
      out.dispose();
    }
  }
  return { count: indices.length, width, height, channels, images, reconstructions };
}

/** Decodes `codes` (row-major [k, latentDim]) into images. */
export async function decodeLatents({ model, dataset }: RunModel, params: ValidParams<'decodeLatents'>): Promise<MethodResult<'decodeLatents'>> {
  const dim = model.latentDim;
  const { codes } = params;
  const count = codes.length / dim;
  if (!Number.isInteger(count)) {
    throw new WorkbenchError('bad-request', `This run's codes have ${dim} values each; ${codes.length} values are not a whole number of codes.`);
  }
  if (count > MAX_DECODES_PER_REQUEST) throw new WorkbenchError('bad-request', `At most ${MAX_DECODES_PER_REQUEST} codes per request, not ${count}.`);
  const out = tf.tidy(() => model.decode(tf.tensor2d(codes, [count, dim])));
  try {
    const { width, height, channels } = dataset.summary;
    return { count, width, height, channels, images: toBytes((await out.data()) as Float32Array) };
  } finally {
    out.dispose();
  }
}
