/**
 * A run's quick quality figure: how often the 5 nearest training codes of a validation image
 * vote its label. Computed once per run and weights and kept in `<run>/quality.json`, so the
 * Runs view can show it for every run it opens without encoding the dataset again.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { QUALITY_K, QUALITY_REFERENCE_CAP } from '../../protocol';
import type { RunQuality } from '../../protocol';
import { TimeSlicer } from '../analysis/time-slicer';
import type { RunModel } from '../inference/run-models';
import type { Features } from './classifiers';
import type { CodeCache, SplitCodes } from './code-cache';
import { knnClassify } from './knn-classifier';

export const QUALITY_FILE = 'quality.json';
/** Bumped when the figure's recipe changes, so older files are computed again. */
const FILE_VERSION = 1;

interface QualityFile {
  version: number;
  weights: string;
  k: number;
  referenceCap: number;
  accuracy: number;
  referenceCount: number;
  valCount: number;
}

export interface QualitySource {
  loadModel(runId: string): Promise<RunModel>;
  runDir(runId: string): string;
  /** live weights change every batch: their figure is not worth keeping on disk */
  isTraining(runId: string): boolean;
}

export class RunQualities {
  /** one computation per run at a time; a second ask waits for the first */
  private readonly pending = new Map<string, Promise<RunQuality>>();

  constructor(
    private readonly source: QualitySource,
    private readonly cache: CodeCache,
  ) {}

  get(runId: string): Promise<RunQuality> {
    const running = this.pending.get(runId);
    if (running) return running;
    const job = this.measure(runId).finally(() => this.pending.delete(runId));
    this.pending.set(runId, job);
    return job;
  }

  private async measure(runId: string): Promise<RunQuality> {
    const started = performance.now();
    const run = await this.source.loadModel(runId);
    const { model, dataset } = run;
    const base = { runId, k: QUALITY_K, weights: run.weights, referenceCount: 0, valCount: dataset.valIndices.length, cached: false };
    const none = (reason: string): RunQuality => ({ ...base, accuracy: null, reason, seconds: 0 });
    if (!model.encode) return none(`A ${model.kind} run has no encoder, so it has no latent code to measure.`);
    const labels = dataset.labels;
    if (!labels) return none(`${dataset.summary.id} has no labels, so there is nothing for neighbours to agree on.`);
    if (dataset.valIndices.length === 0) return none(`${dataset.summary.id} has no validation images to measure on.`);
    const trainLabels = Uint8Array.from(dataset.trainIndices, (i) => labels[i]!);
    if (new Set(trainLabels).size < 2) return none(`The training split of ${dataset.summary.id} holds fewer than two classes.`);

    const file = join(this.source.runDir(runId), QUALITY_FILE);
    const kept = await readKept(file, run.weights);
    if (kept) return { ...base, accuracy: kept.accuracy, reason: null, referenceCount: kept.referenceCount, valCount: kept.valCount, cached: true, seconds: 0 };

    const slicer = new TimeSlicer();
    const release = run.hold();
    let train: SplitCodes;
    let val: SplitCodes;
    try {
      train = await this.cache.codes(runId, run, 'train', slicer);
      val = await this.cache.codes(runId, run, 'validation', slicer);
    } finally {
      release();
    }
    const reference = spread(train.indices.length, QUALITY_REFERENCE_CAP);
    let classes = 0;
    for (const label of labels) classes = Math.max(classes, label + 1);
    const { accuracy } = await knnClassify(
      { train: codeRows(train), val: codeRows(val) },
      { positions: reference, labels: Uint8Array.from(reference, (p) => trainLabels[p]!) },
      { positions: Int32Array.from({ length: val.indices.length }, (_, i) => i), labels: Uint8Array.from(val.indices, (i) => labels[i]!) },
      classes,
      QUALITY_K,
      slicer,
    );
    const result: RunQuality = { ...base, accuracy, reason: null, referenceCount: reference.length, seconds: (performance.now() - started) / 1000 };
    if (!this.source.isTraining(runId)) {
      const record: QualityFile = { version: FILE_VERSION, weights: run.weights, k: QUALITY_K, referenceCap: QUALITY_REFERENCE_CAP, accuracy, referenceCount: reference.length, valCount: val.indices.length };
      // a figure that cannot be kept is still worth showing; the next open computes it again
      await writeFileAtomic(file, JSON.stringify(record) + '\n').catch((error: unknown) => console.error(`[engine] could not keep ${file}:`, error));
    }
    return result;
  }
}

/** The kept figure when it was measured the same way with the same weights, else null. */
async function readKept(file: string, weights: string): Promise<QualityFile | null> {
  try {
    const kept = JSON.parse(await readFile(file, 'utf8')) as Partial<QualityFile>;
    const valid =
      kept.version === FILE_VERSION && kept.weights === weights && kept.k === QUALITY_K && kept.referenceCap === QUALITY_REFERENCE_CAP &&
      typeof kept.accuracy === 'number' && kept.accuracy >= 0 && kept.accuracy <= 1 &&
      Number.isInteger(kept.referenceCount) && Number.isInteger(kept.valCount);
    return valid ? (kept as QualityFile) : null;
  } catch {
    // missing or unreadable: measure again
    return null;
  }
}

/** `min(count, cap)` positions spread evenly over 0..count-1 (all of them when count <= cap). */
export function spread(count: number, cap: number): Int32Array {
  const taken = Math.min(count, cap);
  return Int32Array.from({ length: taken }, (_, i) => Math.floor((i * count) / taken));
}

/** Raw codes: a k-NN vote depends only on the distances' order, so no scaling is needed. */
function codeRows({ codes, dim }: SplitCodes): Features {
  return {
    dim,
    rows(positions) {
      const out = new Float32Array(positions.length * dim);
      for (let r = 0; r < positions.length; r++) out.set(codes.subarray(positions[r]! * dim, (positions[r]! + 1) * dim), r * dim);
      return out;
    },
  };
}
