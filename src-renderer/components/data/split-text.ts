/** Words for a dataset's split, as the list and the CLI show it. */
import type { DatasetSummary } from '../../../src-main/protocol';

/** "8,000 / 2,000 (every fifth validates)" */
export function splitText(d: DatasetSummary): string {
  const how =
    d.split?.kind === 'random'
      ? `random, seed ${d.split.seed}, ${Math.round(d.split.valFraction * 100)}% validate`
      : d.split?.kind === 'published'
        ? 'published train/test'
        : d.split?.kind === 'every-fifth'
          ? 'every fifth validates'
          : 'fixed';
  return `${d.trainCount.toLocaleString()} / ${d.valCount.toLocaleString()} (${how})`;
}
