/**
 * Latent codes of a run's training and validation splits, encoded once per set of weights
 * and kept for the probe and the unit inspector: both ask for the same codes many times.
 */
import type { ImageSet } from '../data/image-set';
import { encodePoints } from '../analysis/encode-split';
import type { TimeSlicer } from '../analysis/time-slicer';
import type { RunModel } from '../inference/run-models';

/** One split's codes, row-major [indices.length, dim]. */
export interface SplitCodes {
  indices: Int32Array;
  codes: Float32Array;
  dim: number;
}

export type CodeSplit = 'train' | 'validation';

/** Runs (or weights) kept at once; each costs count x dim floats. */
const KEPT = 4;

export class CodeCache {
  private readonly entries = new Map<string, Promise<SplitCodes>>();

  /** The codes of `split` under `run`'s current weights, encoding them when not kept. */
  codes(runId: string, run: RunModel, split: CodeSplit, slicer: TimeSlicer, onProgress: (done: number, total: number) => void = () => {}): Promise<SplitCodes> {
    const key = `${runId}\n${run.weights}\n${split}`;
    const kept = this.entries.get(key);
    if (kept) {
      onProgress(1, 1);
      return kept;
    }
    const indices = splitIndices(run.dataset, split);
    const pending = encodePoints(run.model, run.dataset, indices, slicer, onProgress).then((p) => {
      if (!p.codes.every(Number.isFinite)) throw new Error('The model gives non-finite codes for some images (did its training diverge?).');
      return { indices, codes: p.codes, dim: p.dim };
    });
    this.entries.set(key, pending);
    // a failed or cancelled encoding is not kept, so the next request tries again
    pending.catch(() => this.entries.get(key) === pending && this.entries.delete(key));
    while (this.entries.size > KEPT * 2) this.entries.delete(this.entries.keys().next().value!);
    return pending;
  }
}

function splitIndices(dataset: ImageSet, split: CodeSplit): Int32Array {
  return split === 'train' ? dataset.trainIndices : dataset.valIndices;
}
