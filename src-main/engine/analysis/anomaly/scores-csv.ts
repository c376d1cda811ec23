/**
 * Scored samples as CSV, worst first: `index,label,bce,mse[,neg_elbo],anomalous` (neg_elbo
 * for VAEs), written atomically: a reader sees the previous file or the whole new one.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { scoreValues } from './evaluation';
import type { AnomalyScores, ScoreKind } from './scoring';

/** The CSV text, sorted by `kind` from highest (most anomalous) to lowest, ties by index.
 * `label` is empty without labels, `anomalous` (1 or 0) without labels or `normal`. */
export function anomalyCsv(scores: AnomalyScores, kind: ScoreKind, normal: readonly number[] | null): string {
  const values = scoreValues(scores, kind);
  // NaN (a diverged model) sorts as the worst
  const key = (row: number) => (Number.isNaN(values[row]) ? Infinity : values[row]!);
  const rows = Array.from(scores.indices, (_, row) => row).sort((a, b) => key(b) - key(a) || scores.indices[a]! - scores.indices[b]!);
  const normalSet = normal ? new Set(normal) : null;
  const lines = [`index,label,bce,mse${scores.negElbo ? ',neg_elbo' : ''},anomalous`];
  for (const row of rows) {
    const label = scores.labels?.[row];
    const anomalous = label === undefined || !normalSet ? '' : normalSet.has(label) ? '0' : '1';
    const elbo = scores.negElbo ? `,${number(scores.negElbo[row]!)}` : '';
    lines.push(`${scores.indices[row]},${label ?? ''},${number(scores.bce[row]!)},${number(scores.mse[row]!)}${elbo},${anomalous}`);
  }
  return lines.join('\n') + '\n';
}

/** Where a run's scores go by default: `<run>/eval/anomaly-<split>.csv`, with the dataset's
 * id in the name when it is not the one the run trained on. */
export function defaultCsvPath(runDir: string, runDatasetId: string, scores: Pick<AnomalyScores, 'datasetId' | 'split'>): string {
  const dataset = scores.datasetId === runDatasetId ? '' : `${scores.datasetId}-`;
  return join(runDir, 'eval', `anomaly-${dataset}${scores.split}.csv`);
}

/** Writes `csv` to `path` atomically, creating its folder. */
export async function writeAnomalyCsv(path: string, csv: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, csv);
}

/** The shortest decimal that reads back as the same float32 (0.05, not 0.050000001). */
function number(value: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(Number(value.toPrecision(9)));
}
