/**
 * Anomaly detection results of scored samples: with some classes taken as normal and every
 * other label as anomalous, the ROC and precision-recall curves, AUROC and average
 * precision; and the sweep, each class in turn as the only normal one.
 */
import { WorkbenchError } from '../../../protocol';
import { anomalyTargets, auroc, averagePrecision, precisionRecallCurve, rocCurve } from './metrics';
import type { PrecisionRecallCurve, RocCurve } from './metrics';
import type { AnomalyScores, ScoreKind } from './scoring';

export interface AnomalyEvaluation {
  normal: number[];
  score: ScoreKind;
  normalCount: number;
  anomalousCount: number;
  auroc: number;
  averagePrecision: number;
  roc: RocCurve;
  pr: PrecisionRecallCurve;
}

/** One row of a sweep: `normal` is a single class. */
export interface SweepRow {
  normal: number[];
  auroc: number;
  averagePrecision: number;
  normalCount: number;
  anomalousCount: number;
}

/** The score array of `kind`; a WorkbenchError when the model has no ELBO. */
export function scoreValues(scores: AnomalyScores, kind: ScoreKind): Float32Array {
  if (kind === 'bce') return scores.bce;
  if (kind === 'mse') return scores.mse;
  if (!scores.negElbo) throw new WorkbenchError('bad-request', 'Only a VAE has an ELBO to score by; use the reconstruction error (bce or mse).');
  return scores.negElbo;
}

/** The score a run is judged by unless told otherwise: a VAE's negative ELBO, else the BCE. */
export function defaultScore(scores: Pick<AnomalyScores, 'negElbo'>): ScoreKind {
  return scores.negElbo ? 'elbo' : 'bce';
}

/** Describes the scored samples in messages, e.g. "the val split of mnist-10k". */
export function describeSamples(scores: Pick<AnomalyScores, 'datasetId' | 'split'>): string {
  return scores.split === 'all' ? `the whole of ${scores.datasetId}` : `the ${scores.split} split of ${scores.datasetId}`;
}

/** Curves and figures with `normal` as the normal classes. Throws a WorkbenchError when
 * there are no labels, or no normal or no anomalous sample. */
export function evaluateAnomalies(scores: AnomalyScores, normal: readonly number[], kind: ScoreKind): AnomalyEvaluation {
  const values = scoreValues(scores, kind);
  const targets = anomalyTargets(scores.labels, normal, describeSamples(scores));
  const anomalousCount = targets.reduce((sum, t) => sum + t, 0);
  return {
    normal: [...normal],
    score: kind,
    normalCount: targets.length - anomalousCount,
    anomalousCount,
    auroc: auroc(values, targets),
    averagePrecision: averagePrecision(values, targets),
    roc: rocCurve(values, targets),
    pr: precisionRecallCurve(values, targets),
  };
}

/** The labels a sweep tries as the normal class, ascending; a WorkbenchError naming `what`
 * when there are no labels or fewer than two distinct ones. */
export function sweepClasses(labels: Uint8Array | null, what: string): number[] {
  if (!labels) throw new WorkbenchError('bad-request', `There are no labels in ${what}, so there are no classes to sweep.`);
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  if (classes.length < 2) {
    throw new WorkbenchError('bad-request', `A sweep needs two labels or more; ${what} has ${classes.length === 0 ? 'no samples' : `only label ${classes[0]}`}.`);
  }
  return classes;
}

/** With each label present, in turn, as the only normal class: how well this run's scores
 * single out every other class. (A class the model reconstructs worse than the rest gets an
 * AUROC below 0.5.) */
export function anomalySweep(scores: AnomalyScores, kind: ScoreKind): SweepRow[] {
  return sweepClasses(scores.labels, describeSamples(scores)).map((label) => sweepRow(scores, kind, label));
}

/** One row of a sweep: `label` as the only normal class. */
export function sweepRow(scores: AnomalyScores, kind: ScoreKind, label: number): SweepRow {
  const values = scoreValues(scores, kind);
  const targets = anomalyTargets(scores.labels, [label], describeSamples(scores));
  const anomalousCount = targets.reduce((sum, t) => sum + t, 0);
  return { normal: [label], auroc: auroc(values, targets), averagePrecision: averagePrecision(values, targets), normalCount: targets.length - anomalousCount, anomalousCount };
}
