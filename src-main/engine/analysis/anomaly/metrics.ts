/**
 * How well scores separate anomalous samples from normal ones: ROC and precision-recall
 * curves, AUROC (rank-based, Mann-Whitney U) and average precision (scikit-learn's
 * definition). A higher score means "more anomalous"; anomalous samples are the positives.
 */
import { WorkbenchError } from '../../../protocol';

/** Points at every distinct score threshold, highest threshold first. */
export interface RocCurve {
  /** false positive rate: normal samples scored >= threshold / all normal samples */
  fpr: Float32Array;
  /** true positive rate: anomalous samples scored >= threshold / all anomalous samples */
  tpr: Float32Array;
  /** the threshold of each point; the first point (0, 0) has +Infinity */
  thresholds: Float32Array;
}

/** Points at every distinct score threshold, highest threshold first (recall rising). */
export interface PrecisionRecallCurve {
  recall: Float32Array;
  precision: Float32Array;
  /** the threshold of each point; the first point (recall 0, precision 1) has +Infinity,
   * as scikit-learn's curve ends with it */
  thresholds: Float32Array;
}

/** 1 where a label is not among `normal` (an anomaly), 0 where it is. Throws a
 * WorkbenchError naming `what` when there are no labels or either group is empty. */
export function anomalyTargets(labels: ArrayLike<number> | null, normal: readonly number[], what: string): Uint8Array {
  if (!labels) throw new WorkbenchError('bad-request', `There are no labels in ${what}, so normal and anomalous samples cannot be told apart.`);
  const normalSet = new Set(normal);
  const targets = new Uint8Array(labels.length);
  let anomalous = 0;
  for (let i = 0; i < labels.length; i++) {
    targets[i] = normalSet.has(labels[i]!) ? 0 : 1;
    anomalous += targets[i]!;
  }
  const classes = `[${normal.join(', ')}]`;
  if (anomalous === labels.length) throw new WorkbenchError('bad-request', `No sample of ${what} has a normal label ${classes}.`);
  if (anomalous === 0) throw new WorkbenchError('bad-request', `Every sample of ${what} has a normal label ${classes}, so there is no anomaly to find.`);
  return targets;
}

/** Area under the ROC curve as the Mann-Whitney U statistic over both groups' ranks: the
 * probability that a random anomaly scores above a random normal sample, ties counting
 * one half. 0.5 when every score is equal. */
export function auroc(scores: ArrayLike<number>, targets: ArrayLike<number>): number {
  const { positives, negatives } = groupSizes(targets);
  const order = ascendingOrder(scores);
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++;
    // ranks start+1 .. end share their average
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (targets[order[k]!]) rankSum += rank;
    start = end;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The ROC curve from (0, 0) to (1, 1), one point per distinct threshold. */
export function rocCurve(scores: ArrayLike<number>, targets: ArrayLike<number>): RocCurve {
  const { positives, negatives } = groupSizes(targets);
  const steps = thresholdSteps(scores, targets);
  const fpr = new Float32Array(steps.length + 1);
  const tpr = new Float32Array(steps.length + 1);
  const thresholds = new Float32Array(steps.length + 1);
  thresholds[0] = Infinity;
  steps.forEach((step, i) => {
    fpr[i + 1] = step.falsePositives / negatives;
    tpr[i + 1] = step.truePositives / positives;
    thresholds[i + 1] = step.threshold;
  });
  return { fpr, tpr, thresholds };
}

/** Precision and recall of "anomalous when score >= threshold" at every distinct threshold. */
export function precisionRecallCurve(scores: ArrayLike<number>, targets: ArrayLike<number>): PrecisionRecallCurve {
  const { positives } = groupSizes(targets);
  const steps = thresholdSteps(scores, targets);
  const recall = new Float32Array(steps.length + 1);
  const precision = new Float32Array(steps.length + 1);
  const thresholds = new Float32Array(steps.length + 1);
  precision[0] = 1;
  thresholds[0] = Infinity;
  steps.forEach((step, i) => {
    recall[i + 1] = step.truePositives / positives;
    precision[i + 1] = step.truePositives / (step.truePositives + step.falsePositives);
    thresholds[i + 1] = step.threshold;
  });
  return { recall, precision, thresholds };
}

/** scikit-learn's average precision: the sum over distinct thresholds, highest first, of
 * (R_n - R_{n-1}) * P_n, with R_0 = 0 (no interpolation). */
export function averagePrecision(scores: ArrayLike<number>, targets: ArrayLike<number>): number {
  const { positives } = groupSizes(targets);
  let sum = 0;
  let previousRecall = 0;
  for (const step of thresholdSteps(scores, targets)) {
    const recall = step.truePositives / positives;
    sum += (recall - previousRecall) * (step.truePositives / (step.truePositives + step.falsePositives));
    previousRecall = recall;
  }
  return sum;
}

interface ThresholdStep {
  threshold: number;
  /** anomalous samples scored >= threshold */
  truePositives: number;
  /** normal samples scored >= threshold */
  falsePositives: number;
}

/** The confusion counts at each distinct score, highest first. */
function thresholdSteps(scores: ArrayLike<number>, targets: ArrayLike<number>): ThresholdStep[] {
  const order = ascendingOrder(scores).reverse();
  const steps: ThresholdStep[] = [];
  let truePositives = 0;
  let falsePositives = 0;
  for (let k = 0; k < order.length; k++) {
    if (targets[order[k]!]) truePositives++;
    else falsePositives++;
    const threshold = scores[order[k]!]!;
    if (k + 1 === order.length || scores[order[k + 1]!] !== threshold) steps.push({ threshold, truePositives, falsePositives });
  }
  return steps;
}

function groupSizes(targets: ArrayLike<number>): { positives: number; negatives: number } {
  let positives = 0;
  for (let i = 0; i < targets.length; i++) if (targets[i]) positives++;
  const negatives = targets.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('Anomaly metrics need at least one normal and one anomalous sample.');
  return { positives, negatives };
}

/** Sample positions sorted by score, lowest first; a NaN score is refused. */
function ascendingOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) {
    if (Number.isNaN(scores[i])) throw new WorkbenchError('bad-request', `Sample ${i}'s score is NaN: the model's outputs are not numbers (did its training diverge?).`);
    order[i] = i;
  }
  return order.sort((a, b) => scores[a]! - scores[b]!);
}
