/**
 * Several runs' scores of the same split, lined up by dataset index so each sample's row can
 * show every run's error.
 */
import type { AnomalyScoreSet } from '../../../src-main/protocol';

/** `other`'s values at `base`'s positions (NaN where `other` did not score that sample). */
export function alignScores(base: Pick<AnomalyScoreSet, 'indices'>, other: Pick<AnomalyScoreSet, 'indices'>, values: Float32Array): Float32Array {
  const at = new Map<number, number>();
  other.indices.forEach((index, p) => at.set(index, p));
  return Float32Array.from(base.indices, (index) => {
    const p = at.get(index);
    return p === undefined ? NaN : values[p]!;
  });
}

/** Why `other` cannot be compared with `base` sample by sample, or null when it can. */
export function comparisonProblem(base: Pick<AnomalyScoreSet, 'datasetId' | 'split'>, other: Pick<AnomalyScoreSet, 'datasetId' | 'split' | 'runId'>): string | null {
  if (other.datasetId !== base.datasetId) return `Run ${other.runId} was trained on ${other.datasetId}, not ${base.datasetId}; compare runs of the same dataset.`;
  if (other.split !== base.split) return `Run ${other.runId} was scored on the ${other.split} split, not ${base.split}.`;
  return null;
}
