/**
 * Exports a run's encoder, decoder or whole model as TensorFlow.js layers files or ONNX,
 * with `metadata.json` beside them. Every export is checked against the run's own model on
 * sample inputs before anything is written: a mismatch is a bug, never a silent bad file.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import writeFileAtomic from 'write-file-atomic';
import type { ModelKind } from '../../protocol';
import { gatherBatch } from '../data/image-set';
import type { RunModel } from '../inference/run-models';
import { disposeState } from '../models';
import type { TrainableModel } from '../models';
import type { RunRecord } from '../runs/run-record';
import { familyNets, partGraph, unexportable } from './export-graph';
import type { ExportGraph, ExportPart } from './export-graph';
import { onnxModelBytes, ONNX_OPSET } from './onnx-model';
import { fileSaveHandler } from './tfjs-files';
import { buildLayersModel } from './tfjs-model';

export type ModelFormat = 'tfjs' | 'onnx';
export const METADATA_FILE = 'metadata.json';
export const ONNX_FILE = 'model.onnx';
/** Largest difference accepted between the export and the run's model (float32 noise). */
export const EXPORT_TOLERANCE = 1e-5;
const CHECK_SAMPLES = 8;

/** What an export wrote. */
export interface ExportResult {
  dir: string;
  /** file names inside `dir`, metadata last */
  files: string[];
  /** the largest |export - run model| seen on the check inputs */
  maxDifference: number;
}

/** The graph of a run's part, rebuilt from its current weights. Throws a sentence when the
 * part does not exist for the run's family. */
export async function exportGraph(model: TrainableModel, shape: { width: number; height: number; channels: number }, part: ExportPart): Promise<ExportGraph> {
  const why = unexportable(model.kind, part);
  if (why) throw new Error(why);
  const state = await model.saveState();
  try {
    const nets = familyNets(model.kind, shape, state);
    return partGraph(nets, part, shape.width * shape.height * shape.channels, model.latentDim);
  } finally {
    disposeState(state);
  }
}

/** The check inputs of a part: validation images for encoders and models, seeded N(0, I)
 * codes for decoders. */
export function checkInputs(handle: Pick<RunModel, 'model' | 'dataset'>, part: ExportPart): tf.Tensor2D {
  if (part === 'decoder') return tf.randomNormal([CHECK_SAMPLES, handle.model.latentDim], 0, 1, 'float32', 7);
  const { dataset } = handle;
  const pixels = dataset.summary.width * dataset.summary.height * dataset.summary.channels;
  const indices = dataset.valIndices.length ? dataset.valIndices : dataset.trainIndices;
  const picked = indices.subarray(0, Math.min(CHECK_SAMPLES, indices.length));
  return tf.tensor2d(gatherBatch(dataset, picked), [picked.length, pixels]);
}

/** What the run's own model answers for a part (the first output: a code or a VAE's mean). */
export function referenceOutput(model: TrainableModel, part: ExportPart, x: tf.Tensor2D): tf.Tensor2D {
  if (part === 'decoder') return model.decode(x);
  const fn = part === 'encoder' ? model.encode : model.reconstruct;
  if (!fn) throw new Error(`A ${model.kind} has no ${part === 'encoder' ? 'encoder' : 'reconstruction'}.`);
  return fn.call(model, x);
}

/** max |a - b| */
export async function maxDifference(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  try {
    return (await diff.data())[0]!;
  } finally {
    diff.dispose();
  }
}

/** Writes a run's part into `dir` (created if needed). */
export async function exportRunModel(handle: RunModel, record: RunRecord, part: ExportPart, format: ModelFormat, dir: string): Promise<ExportResult> {
  const { model, dataset } = handle;
  const graph = await exportGraph(model, dataset.summary, part);
  const built = buildLayersModel(graph);
  try {
    const x = checkInputs(handle, part);
    const expected = referenceOutput(model, part, x);
    const output = built.predict(x);
    const first = Array.isArray(output) ? output[0]! : output;
    const difference = await maxDifference(first, expected);
    tf.dispose([x, expected, output]);
    if (!(difference <= EXPORT_TOLERANCE)) {
      throw new Error(`The exported ${part} differs from run ${record.id}'s model by ${difference}; nothing was written. Please report this.`);
    }
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    if (format === 'tfjs') await built.save(fileSaveHandler(dir, files));
    else {
      const bytes = onnxModelBytes(graph, `${record.config.model} ${part} of run ${record.id} (Latent Workbench)`);
      await writeFileAtomic(join(dir, ONNX_FILE), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      files.push(ONNX_FILE);
    }
    await writeFileAtomic(join(dir, METADATA_FILE), JSON.stringify(exportMetadata(handle, record, graph, part, format, difference), null, 2) + '\n');
    files.push(METADATA_FILE);
    return { dir, files, maxDifference: difference };
  } finally {
    built.dispose();
  }
}

/** Each family's name in words. */
export const FAMILY: Record<ModelKind, string> = {
  'dense-ae': 'dense autoencoder',
  'conv-ae': 'convolutional autoencoder',
  vae: 'variational autoencoder (dense)',
  'conv-vae': 'variational autoencoder (convolutional)',
  dcgan: 'DCGAN',
  aae: 'adversarial autoencoder',
};

/** metadata.json: what another tool needs to feed the model and read its answers. */
function exportMetadata(handle: RunModel, record: RunRecord, graph: ExportGraph, part: ExportPart, format: ModelFormat, difference: number) {
  const { width, height, channels } = handle.dataset.summary;
  const image = `flat rows of ${width * height * channels} pixel intensities in [0, 1] (byte / 255), row-major height x width x channels (NHWC flattened)`;
  const describe = (name: string): string => (name === 'code' ? `latent codes of ${handle.model.latentDim} numbers` : name === 'mu' ? 'mean of the Gaussian code' : name === 'log_var' ? 'log-variance of the Gaussian code' : image);
  return {
    exportFormat: 1,
    generator: 'Latent Workbench',
    format: format === 'tfjs' ? 'tfjs-layers-model' : `onnx (opset ${ONNX_OPSET})`,
    part,
    family: record.config.model,
    familyName: FAMILY[record.config.model],
    runId: record.id,
    weights: handle.weights,
    exportedAt: new Date().toISOString(),
    input: { name: graph.input.name, shape: [null, graph.input.size], meaning: describe(graph.input.name) },
    outputs: graph.outputs.map((o) => ({ name: o.name, meaning: describe(o.name) })),
    imageShape: { height, width, channels },
    latentDim: handle.model.latentDim,
    dataset: { id: handle.dataset.summary.id, name: handle.dataset.summary.name, classNames: handle.dataset.summary.classNames ?? null },
    preprocessing: `Images are ${image}. Outputs named image or reconstruction are pixel probabilities (a sigmoid is part of the model).`,
    sampling: handle.model.generative ? 'Decoding codes drawn from N(0, I) gives new images.' : null,
    epochs: record.epochsDone,
    metrics: { valLoss: record.valLoss, best: record.best },
    config: record.config,
    verification: { maxAbsDifference: difference, samples: CHECK_SAMPLES },
  };
}
