/**
 * Mean error per label, for one or more runs, and the grouped bar chart of them laid out
 * by d3 (a band per label, a bar per run inside it). Svelte renders the bars.
 */
import { max, scaleBand, scaleLinear } from 'd3';

/** One label's mean error and sample count. */
export interface LabelMean {
  label: number;
  mean: number;
  count: number;
}

/** The mean of `errors` per label, labels ascending; empty without labels. */
export function labelMeans(errors: Float32Array, labels: Uint8Array | null): LabelMean[] {
  if (!labels) return [];
  const sums = new Map<number, { sum: number; count: number }>();
  for (let i = 0; i < errors.length; i++) {
    const entry = sums.get(labels[i]!) ?? { sum: 0, count: 0 };
    entry.sum += errors[i]!;
    entry.count++;
    sums.set(labels[i]!, entry);
  }
  return [...sums.entries()].sort(([a], [b]) => a - b).map(([label, { sum, count }]) => ({ label, mean: sum / count, count }));
}

export interface BarsLayout {
  plot: { left: number; top: number; width: number; height: number };
  bars: Array<{ label: number; series: number; x: number; y: number; width: number; height: number; mean: number }>;
  /** the label bands' centres */
  labels: Array<{ label: number; x: number }>;
  yTicks: Array<{ value: number; offset: number; label: string }>;
}

const MARGIN = { left: 52, right: 10, top: 10, bottom: 28 };

/** Grouped bars: `series[s]` are run s's label means. */
export function layoutLabelBars(series: readonly (readonly LabelMean[])[], width: number, height: number): BarsLayout {
  const plot = { left: MARGIN.left, top: MARGIN.top, width: Math.max(10, width - MARGIN.left - MARGIN.right), height: Math.max(10, height - MARGIN.top - MARGIN.bottom) };
  const labels = [...new Set(series.flatMap((s) => s.map((m) => m.label)))].sort((a, b) => a - b);
  const band = scaleBand<number>().domain(labels).range([0, plot.width]).padding(0.2);
  const inner = scaleBand<number>().domain(series.map((_, s) => s)).range([0, band.bandwidth()]).padding(0.08);
  const top = max(series, (s) => max(s, (m) => m.mean)) ?? 0;
  const y = scaleLinear().domain([0, top > 0 ? top : 1]).nice().range([plot.height, 0]);
  const bars = series.flatMap((s, k) =>
    s.map((m) => ({ label: m.label, series: k, x: band(m.label)! + inner(k)!, y: y(m.mean), width: inner.bandwidth(), height: plot.height - y(m.mean), mean: m.mean })),
  );
  const format = y.tickFormat(4);
  return {
    plot,
    bars,
    labels: labels.map((label) => ({ label, x: band(label)! + band.bandwidth() / 2 })),
    yTicks: y.ticks(4).map((value) => ({ value, offset: y(value), label: format(value) })),
  };
}
