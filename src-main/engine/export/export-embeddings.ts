/** Encodes a split of a run's dataset and writes the codes (with labels, and a 2-D PCA
 * projection when asked) as Embedding Projector files, NPY or CSV. */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import writeFileAtomic from 'write-file-atomic';
import { pca } from '../analysis/pca';
import { TimeSlicer } from '../analysis/time-slicer';
import { gatherBatch } from '../data/image-set';
import type { RunModel } from '../inference/run-models';
import type { Embeddings } from './embedding-files';
import { unexportable } from './export-graph';
import { embeddingsCsv, metadataTsv, npy, projectorConfig, spritePng, vectorsTsv } from './embedding-files';

export const EMBEDDING_FORMATS = ['projector', 'npy', 'csv'] as const;
export type EmbeddingFormat = (typeof EMBEDDING_FORMATS)[number];
export const EMBEDDING_SPLITS = ['train', 'val', 'all'] as const;
export type EmbeddingSplit = (typeof EMBEDDING_SPLITS)[number];

export interface EmbeddingExportOptions {
  format: EmbeddingFormat;
  split: EmbeddingSplit;
  /** add a 2-D PCA projection of the codes (latent sizes are at least 2) */
  projection: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** What was written: file names in `dir`, and anything the user should know. */
export interface EmbeddingExportResult {
  dir: string;
  files: string[];
  count: number;
  dim: number;
  note: string | null;
}

const BATCH = 256;

/** The codes (a VAE's means) of the images at `indices`, row-major, yielding between batches
 * so training and other requests keep their turn. */
async function encodeAll({ model, dataset }: RunModel, indices: Int32Array, slicer: TimeSlicer, onProgress?: (done: number, total: number) => void): Promise<Float32Array> {
  const { width, height, channels } = dataset.summary;
  const dim = model.latentDim;
  const codes = new Float32Array(indices.length * dim);
  for (let from = 0; from < indices.length; from += BATCH) {
    const to = Math.min(indices.length, from + BATCH);
    const z = tf.tidy(() => model.encode!(tf.tensor2d(gatherBatch(dataset, indices, from, to), [to - from, width * height * channels])));
    try {
      codes.set(await z.data(), from * dim);
    } finally {
      z.dispose();
    }
    onProgress?.(to, indices.length);
    await slicer.maybeYield();
  }
  return codes;
}

function indicesOf(handle: RunModel, split: EmbeddingSplit): Int32Array {
  const { dataset } = handle;
  if (split === 'train') return dataset.trainIndices;
  if (split === 'val') return dataset.valIndices;
  return Int32Array.from({ length: dataset.summary.count }, (_, i) => i);
}

/** Encodes the split and writes the files into `dir` (created if needed). */
export async function exportEmbeddings(handle: RunModel, dir: string, options: EmbeddingExportOptions): Promise<EmbeddingExportResult> {
  const { model, dataset } = handle;
  const why = unexportable(model.kind, 'embeddings');
  if (why || !model.encode) throw new Error(why ?? `A ${model.kind} has no encoder.`);
  const indices = indicesOf(handle, options.split);
  if (indices.length === 0) throw new Error(`The ${options.split} split of ${dataset.summary.id} is empty; pick another split.`);
  const slicer = new TimeSlicer();
  const codes = await encodeAll(handle, indices, slicer, options.onProgress);
  const dim = model.latentDim;
  const projection = options.projection ? (await pca(codes, dim, 2, slicer)).coords : null;
  const embeddings: Embeddings = {
    indices,
    codes,
    dim,
    labels: dataset.labels ? Uint8Array.from(indices, (i) => dataset.labels![i]!) : null,
    classNames: dataset.summary.classNames ?? null,
    projection,
  };
  const files = new Map<string, string | Buffer>();
  let note: string | null = null;
  if (options.format === 'projector') {
    const { width, height, channels } = dataset.summary;
    const sprite = spritePng(dataset.images, indices, width, height, channels);
    files.set('vectors.tsv', vectorsTsv(embeddings.codes, embeddings.dim));
    if (embeddings.projection) files.set('projection.tsv', vectorsTsv(embeddings.projection, 2));
    files.set('metadata.tsv', metadataTsv(embeddings));
    if (sprite) files.set('sprite.png', sprite);
    else note = `${indices.length} images make a sprite larger than the Projector accepts, so there is none; export the val split for thumbnails.`;
    files.set('projector_config.json', JSON.stringify(projectorConfig(embeddings, `${model.kind} codes (${options.split})`, sprite ? { width, height } : null), null, 2) + '\n');
  } else if (options.format === 'npy') {
    files.set('codes.npy', npy(embeddings.codes, [indices.length, embeddings.dim]));
    files.set('indices.npy', npy(embeddings.indices, [indices.length]));
    if (embeddings.labels) files.set('labels.npy', npy(embeddings.labels, [indices.length]));
    if (embeddings.projection) files.set('projection.npy', npy(embeddings.projection, [indices.length, 2]));
  } else {
    files.set('embeddings.csv', embeddingsCsv(embeddings));
  }
  await mkdir(dir, { recursive: true });
  for (const [name, content] of files) await writeFileAtomic(join(dir, name), content);
  return { dir, files: [...files.keys()], count: indices.length, dim: embeddings.dim, note };
}
