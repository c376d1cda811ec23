/** The Explore view's words: progress, point counts, axis titles, errors. */
import type { KeptMapInfo, ProjectionMethod, ProjectionProgress } from '../../../src-main/protocol';
import type { Layout, ProjectionPhase, StageProgress } from './explore-session.svelte';

const number = new Intl.NumberFormat('en-US');

/** "2,000 points" or "Showing 5,000 of 70,000 points (a random subset)". */
export function describePointCount(count: number, total: number): string {
  if (count >= total) return `${number.format(count)} points`;
  return `Showing ${number.format(count)} of ${number.format(total)} points (a random subset)`;
}

/** The progress bar's value in [0, 1] (null: indeterminate) and its words. */
export function describeProgress(phase: ProjectionPhase, stage: StageProgress | null, layout: Layout | null): { value: number | null; text: string } {
  if (phase === 'starting') return { value: null, text: 'Starting…' };
  if (layout && layout.epochs > 0 && (layout.epoch > 0 || !stage)) {
    return { value: layout.epoch / layout.epochs, text: `UMAP epoch ${number.format(layout.epoch)} of ${number.format(layout.epochs)}` };
  }
  if (stage) {
    const value = stage.done / stage.total;
    if (stage.stage === 'encoding') return { value, text: `Encoding images: ${number.format(stage.done)} of ${number.format(stage.total)}` };
    if (stage.stage === 'neighbours') return { value, text: 'Finding nearest neighbours…' };
    return { value: null, text: 'Building the neighbour graph…' };
  }
  return { value: null, text: phase === 'encoding' ? 'Encoding images…' : 'Projecting…' };
}

/** How a projection ended: "Done in 4.2 s · trustworthiness 0.973 (k = 15, 1,000-point
 * sample)", "Cancelled."; null for a failure (the error says it). */
export function describeOutcome(ending: Extract<ProjectionProgress, { kind: 'finished' }> | null): string | null {
  if (!ending || ending.status === 'failed') return null;
  if (ending.status === 'cancelled') return 'Cancelled.';
  const done = `Done in ${ending.seconds.toFixed(1)} s`;
  const q = ending.quality;
  if (!q) return `${done}.`;
  return `${done} · trustworthiness ${q.trustworthiness.toFixed(3)} (k = ${q.k}, ${number.format(q.sample)}-point sample)`;
}

/** Axis titles: "PC1 (41.2% of variance)", "UMAP 1", "z1". */
export function axisTitles(method: ProjectionMethod, varianceExplained: readonly [number, number] | null): [string, string] {
  if (method === 'pca') {
    const share = (i: 0 | 1): string => (varianceExplained ? ` (${(varianceExplained[i] * 100).toFixed(1)}% of variance)` : '');
    return [`PC1${share(0)}`, `PC2${share(1)}`];
  }
  if (method === 'imported') return ['x (imported)', 'y (imported)'];
  return method === 'umap' ? ['UMAP 1', 'UMAP 2'] : ['z1', 'z2'];
}

/** A kept map in words: "Kept map (UMAP of the validation split, checkpoint best (epoch 3),
 * kept 27 Nov 2026, 07:30); the run has newer weights: Recompute to map them." */
export function describeKept(kept: KeptMapInfo): string {
  const names: Record<ProjectionMethod, string> = { pca: 'PCA', umap: 'UMAP', latent: 'latent plane', imported: 'imported layout' };
  const splits = { train: 'the training split', validation: 'the validation split', both: 'both splits' };
  const when = new Date(kept.savedAt);
  const date = Number.isNaN(when.getTime()) ? kept.savedAt : when.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const made = `Kept map: ${names[kept.method]} of ${splits[kept.split]}, from ${kept.weights}, kept ${date}.`;
  return kept.stale ? `${made} The run has newer weights: Recompute to map them.` : made;
}

/** A reconstruction error (mean BCE per pixel) to three significant digits. */
export function formatError(error: number): string {
  return Number.isFinite(error) ? error.toPrecision(3) : '–';
}

/** A label's name: the dataset's class name, or the number. */
export function labelName(label: number | null, classNames: readonly string[] | null): string {
  if (label === null) return 'unlabelled';
  return classNames?.[label] ?? String(label);
}
