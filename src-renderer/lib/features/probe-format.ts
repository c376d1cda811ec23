/** Words and numbers of the probe's table, curve and progress. */
import type { ProbeMethod } from '../../../src-main/protocol';
import type { ProbeResult } from './probe-session.svelte';

/** Each method's name in the table and legend. */
export const METHOD_NAMES: Record<ProbeMethod, string> = {
  'latent-linear': 'Code → logistic regression',
  'latent-mlp': 'Code → one hidden layer',
  'pixels-linear': 'Pixels → logistic regression',
  'pixels-mlp': 'Pixels → one hidden layer',
  scratch: 'From scratch (encoder-shaped)',
  'latent-knn': 'Code → 5 nearest neighbours',
};

/** A colour per method: code heads blue, pixel heads orange, scratch grey, kNN violet. */
export const METHOD_COLORS: Record<ProbeMethod, string> = {
  'latent-linear': '#2563eb',
  'latent-mlp': '#60a5fa',
  'pixels-linear': '#ea580c',
  'pixels-mlp': '#fb923c',
  scratch: '#6b7280',
  'latent-knn': '#7c3aed',
};

/** "100", "8,000 (all)". */
export function describeSize(size: number, all: number): string {
  return size === all ? `${size.toLocaleString('en-US')} (all)` : size.toLocaleString('en-US');
}

/** "93.4%". */
export function percent(accuracy: number): string {
  return `${(accuracy * 100).toFixed(1)}%`;
}

/** One table row per method, one cell per size (null until measured), best cell per size marked. */
export interface AccuracyRow {
  method: ProbeMethod;
  cells: Array<{ size: number; accuracy: number | null; best: boolean }>;
}

export function accuracyRows(methods: readonly ProbeMethod[], sizes: readonly number[], results: readonly ProbeResult[]): AccuracyRow[] {
  const at = new Map(results.map((r) => [`${r.method}@${r.size}`, r.accuracy]));
  const best = new Map<number, number>();
  for (const r of results) best.set(r.size, Math.max(best.get(r.size) ?? -1, r.accuracy));
  return methods.map((method) => ({
    method,
    cells: sizes.map((size) => {
      const accuracy = at.get(`${method}@${size}`) ?? null;
      return { size, accuracy, best: accuracy !== null && accuracy === best.get(size) };
    }),
  }));
}

/** The progress bar's words. */
export function describeProbeStage(
  stage: { stage: 'encoding' | 'training'; done: number; total: number; method?: ProbeMethod | undefined; size?: number | undefined; epoch?: number | undefined } | null,
): string {
  if (!stage) return 'Starting…';
  if (stage.stage === 'encoding') return `Encoding the dataset: ${stage.done.toLocaleString('en-US')} of ${stage.total.toLocaleString('en-US')} images`;
  const what = stage.method ? `${METHOD_NAMES[stage.method]} on ${stage.size?.toLocaleString('en-US')} labels` : 'Training';
  const epoch = stage.epoch ? `, epoch ${stage.epoch}` : '';
  return `${what} (${stage.done + 1} of ${stage.total}${epoch})`;
}
