/**
 * A confusion matrix as a heat map: one cell per (true, predicted) class, coloured by the
 * share of that true class it holds (so rare classes read as clearly as common ones).
 */
import { interpolateBlues, scaleSequential } from 'd3';

export interface ConfusionCell {
  truth: number;
  predicted: number;
  count: number;
  /** count over the true class's total, 0..1 */
  share: number;
  fill: string;
  /** dark text on light cells, light on dark */
  ink: 'dark' | 'light';
}

/** The cells of a `classes` x `classes` matrix (row-major [true, predicted]), row by row. */
export function confusionCells(confusion: Int32Array, classes: number): ConfusionCell[] {
  const color = scaleSequential(interpolateBlues).domain([0, 1]);
  const cells: ConfusionCell[] = [];
  for (let truth = 0; truth < classes; truth++) {
    let total = 0;
    for (let p = 0; p < classes; p++) total += confusion[truth * classes + p]!;
    for (let predicted = 0; predicted < classes; predicted++) {
      const count = confusion[truth * classes + predicted]!;
      const share = total ? count / total : 0;
      cells.push({ truth, predicted, count, share, fill: color(share), ink: share > 0.55 ? 'light' : 'dark' });
    }
  }
  return cells;
}

/** Classes that occur at all (as truth or prediction): empty rows and columns are left out. */
export function usedClasses(confusion: Int32Array, classes: number): number[] {
  const used: number[] = [];
  for (let c = 0; c < classes; c++) {
    let any = false;
    for (let k = 0; k < classes && !any; k++) any = confusion[c * classes + k]! > 0 || confusion[k * classes + c]! > 0;
    if (any) used.push(c);
  }
  return used;
}
