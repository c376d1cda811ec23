/** The Draw view's words: run choices and the anomaly score, kept here to be tested. */
import { MODEL_OPTIONS } from '../training/model-options';
import { formatLoss } from '../training/format';
import type { DrawRun } from './draw-api';

const MODEL_LABELS: ReadonlyMap<string, string> = new Map(MODEL_OPTIONS.map((o) => [o.value, o.label]));
const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** "Variational autoencoder · mnist · Mar 3, 2025, 2:15 PM · val loss 98.1", status added unless completed. */
export function describeRun(run: DrawRun): string {
  const date = new Date(run.createdAt);
  const parts = [
    MODEL_LABELS.get(run.model) ?? run.model,
    run.datasetId,
    Number.isNaN(date.getTime()) ? run.createdAt : when.format(date),
    `val loss ${formatLoss(run.valLoss)}`,
  ];
  return parts.join(' · ') + (run.status === 'completed' ? '' : ` (${run.status})`);
}

/** Families without an encoder: a drawing cannot go through them. */
const NO_ENCODER: ReadonlySet<string> = new Set(['dcgan']);

/** The runs a drawing can go through: trained for an epoch at least, with an encoder. */
export function drawableRuns(runs: readonly DrawRun[]): DrawRun[] {
  return runs.filter((r) => r.checkpointEpoch !== null && !NO_ENCODER.has(r.model));
}

/** How the anomaly bar is coloured. */
export type AnomalyLevel = 'typical' | 'unusual' | 'outlier';

/** typical below the 75th percentile, outlier from the 95th. */
export function anomalyLevel(percentile: number): AnomalyLevel {
  if (percentile >= 95) return 'outlier';
  return percentile >= 75 ? 'unusual' : 'typical';
}

/** "More unusual than 97% of validation digits"; rounded down so 100% means all of them. */
export function describePercentile(percentile: number): string {
  if (!Number.isFinite(percentile)) return 'Unusualness unknown';
  if (percentile >= 100) return 'More unusual than all validation digits';
  if (percentile < 1) return 'More unusual than under 1% of validation digits';
  return `More unusual than ${Math.floor(percentile)}% of validation digits`;
}
