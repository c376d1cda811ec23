/** Test fixtures for exports: a briefly trained model of any family on synthetic blobs,
 * wrapped as the run model and run record an export reads. */
import * as tf from '@tensorflow/tfjs';
import { ModelKind, TrainingConfig } from '../../protocol';
import type { ImageSet } from '../data/image-set';
import { canonicalSplit } from '../data/image-set';
import type { RunModel } from '../inference/run-models';
import { createModel, modelArgs } from '../models';
import { blobs } from '../models/test-blobs';
import type { RunRecord } from '../runs/run-record';

const SIDE = 28;

/** A dataset of `count` blob images with labels 0..9 in turn. */
export function blobSet(count: number): ImageSet {
  const x = blobs(count, SIDE, SIDE, 1, 3);
  const images = Uint8Array.from(x.dataSync(), (v) => Math.round(v * 255));
  x.dispose();
  return {
    summary: { id: 'blobs', name: 'Blobs', count, width: SIDE, height: SIDE, channels: 1, trainCount: count - Math.ceil(count / 5), valCount: Math.ceil(count / 5), source: 'test' },
    images,
    labels: Uint8Array.from({ length: count }, (_, i) => i % 10),
    ...canonicalSplit(count),
  };
}

/** A `kind` model trained for a few steps (so batch-norm statistics moved off their
 * defaults), its run model and record. */
export async function trainedRun(kind: ModelKind, dataset: ImageSet, latentDim = 4): Promise<{ handle: RunModel; record: RunRecord }> {
  const config = TrainingConfig.parse({ datasetId: dataset.summary.id, model: kind, latentDim, learningRate: 3e-3, epochs: 1 });
  const model = createModel(kind, modelArgs(config, dataset.summary));
  const x = tf.tensor2d(Float32Array.from(dataset.images, (v) => v / 255), [dataset.summary.count, SIDE * SIDE]);
  for (let step = 0; step < 3; step++) tf.dispose(Object.values(model.trainStep(x, { epoch: 1 })));
  x.dispose();
  const handle: RunModel = { model, dataset, weights: 'test weights', lens: () => Promise.reject(new Error('no lens in tests')), hold: () => () => {} };
  const record: RunRecord = {
    format: 1,
    id: `20260101T000000Z-${kind}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    status: 'completed',
    config,
    dataset: dataset.summary,
    backend: 'wasm',
    epochsDone: 1,
    valLoss: 0.5,
    best: { epoch: 1, valLoss: 0.5 },
    pid: 0,
    seconds: 1,
  };
  return { handle, record };
}
