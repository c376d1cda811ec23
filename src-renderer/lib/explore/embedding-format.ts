/** The embedding file's words on screen: loading and mapping progress, the file in a line. */
import type { EmbeddingProgress, EmbeddingRows } from '../../../src-main/protocol';
import type { EmbeddingPhase } from './embedding-session.svelte';
import { describeProgress } from './explore-format';
import type { Layout, StageProgress } from './explore-session.svelte';

/** Words of a selection listed at most, before "…". */
export const SELECTION_WORDS = 200;

const number = new Intl.NumberFormat('en-US');

/** The progress bar's value (null: indeterminate) and words, while loading or mapping. */
export function describeEmbeddingProgress(
  phase: EmbeddingPhase,
  reading: { done: number; total: number } | null,
  stage: StageProgress | null,
  layout: Layout | null,
): { value: number | null; text: string } {
  if (phase === 'loading') {
    // the first event (0 of 1) comes before the line count is known
    if (!reading || reading.total <= 1) return { value: null, text: 'Reading the file…' };
    if (reading.done >= reading.total) return { value: 1, text: 'Loading its words…' };
    return { value: reading.done / reading.total, text: `Reading lines: ${number.format(reading.done)} of ${number.format(reading.total)}` };
  }
  return describeProgress('projecting', stage, layout);
}

/** "glove.txt: 5,000 vectors of 50 dimensions, with words (read in 0.2 s)." */
export function describeFile(loaded: Extract<EmbeddingProgress, { kind: 'loaded' }>): string {
  const words = loaded.labelled ? 'with words' : 'without words or labels';
  return `${loaded.name}: ${number.format(loaded.count)} vectors of ${loaded.dim} dimensions, ${words} (read in ${loaded.seconds.toFixed(1)} s).`;
}

/** Most distinct values a metadata column may have to colour the map by it. */
export const MAX_COLUMN_CLASSES = 20;

/** Metadata columns that can colour the map: those with 2 to MAX_COLUMN_CLASSES values. */
export function colourColumns(metadata: EmbeddingRows['metadata']): Array<{ column: number; name: string }> {
  if (!metadata) return [];
  return metadata.columns.flatMap((name, column) => {
    const values = new Set<string>();
    for (const row of metadata.rows) {
      values.add(row[column] ?? '');
      if (values.size > MAX_COLUMN_CLASSES) return [];
    }
    return values.size >= 2 ? [{ column, name }] : [];
  });
}

/** Each row's class by one metadata column (classes in order of first appearance), named by
 * the column's values, for labelColors. */
export function columnClasses(metadata: NonNullable<EmbeddingRows['metadata']>, column: number): { classes: Uint8Array; names: string[] } {
  const names: string[] = [];
  const index = new Map<string, number>();
  const classes = new Uint8Array(metadata.rows.length);
  metadata.rows.forEach((row, r) => {
    const value = row[column] ?? '';
    let c = index.get(value);
    if (c === undefined) {
      c = names.push(value) - 1;
      index.set(value, c);
    }
    classes[r] = c;
  });
  return { classes, names };
}
