/** A line chart's legend entries (as ChartLegend shows them) for a saved figure. */
import type { LineStyle } from '../charts/line-chart-layout';
import type { LegendEntry } from './svg-file';

/** Epoch means are drawn dashed in the chart, so they are in the legend too. */
export function lineLegend(entries: readonly { label: string; color: string; style: LineStyle }[]): LegendEntry[] {
  return entries.map((entry) => ({ label: entry.label, color: entry.color, dashed: entry.style === 'epoch' }));
}
