/** The Anomalies and Reconstructions views' words and defaults, kept here to be tested. */
import type { AnomalyScoreSet, RunSummary, ScoreKind } from '../../../src-main/protocol';

/** What each score measures, as the picker and the axes say it. */
export const SCORE_NAMES: Readonly<Record<ScoreKind, string>> = {
  bce: 'Reconstruction BCE (mean per pixel)',
  mse: 'Reconstruction MSE (mean per pixel)',
  elbo: 'Negative ELBO (nats)',
};

/** The scores a scoring has: BCE and MSE always, the negative ELBO for VAEs. */
export function availableScores(scores: Pick<AnomalyScoreSet, 'negElbo'>): ScoreKind[] {
  return scores.negElbo ? ['elbo', 'bce', 'mse'] : ['bce', 'mse'];
}

/** The values of score `kind` (BCE when the scoring has no ELBO). */
export function scoreValues(scores: AnomalyScoreSet, kind: ScoreKind): Float32Array {
  if (kind === 'elbo') return scores.negElbo ?? scores.bce;
  return kind === 'mse' ? scores.mse : scores.bce;
}

/** The labels present, ascending; empty without labels. */
export function presentLabels(labels: Uint8Array | null): number[] {
  if (!labels) return [];
  const seen = new Set<number>(labels);
  return [...seen].sort((a, b) => a - b);
}

/** The normal classes to start from: the classes the run was trained on when it was trained
 * on a subset (one-class training), else the first label present; only labels present. */
export function defaultNormal(run: Pick<RunSummary, 'config'> | null, labels: readonly number[]): number[] {
  const trained = run?.config.classes?.filter((c) => labels.includes(c)) ?? [];
  if (trained.length > 0 && trained.length < labels.length) return trained;
  return labels.length > 1 ? [labels[0]!] : [];
}

/** A label's name: the dataset's class name when it says more than the number ("3 · Dress"),
 * else the number. */
export function labelName(label: number, classNames: readonly string[] | null | undefined): string {
  const name = classNames?.[label];
  return name && name !== String(label) ? `${label} · ${name}` : String(label);
}

/** A score as shown: 4 significant digits. */
export function formatScore(value: number): string {
  return Number.isFinite(value) ? Number(value.toPrecision(4)).toString() : '–';
}

/** Scorings that can run: any run with a checkpoint and an encoder. */
export function scorableRuns<R extends Pick<RunSummary, 'checkpointEpoch' | 'model'>>(runs: readonly R[]): R[] {
  return runs.filter((r) => r.checkpointEpoch !== null && r.model !== 'dcgan');
}
