/**
 * The histogram of anomaly scores, laid out by d3: shared bins over every score, one bar per
 * label and bin, stacked (bars of a bin on top of each other) or overlaid (each from the
 * axis, drawn translucent). Svelte renders the bars.
 */
import { bin, max, scaleLinear } from 'd3';

/** How the labels' bars of one bin are drawn. */
export type HistogramMode = 'stacked' | 'overlaid';

/** One bar: the samples of one label in one bin. */
export interface HistogramBar {
  /** the label, or -1 for an unlabelled dataset */
  label: number;
  x: number;
  y: number;
  width: number;
  height: number;
  count: number;
}

export interface HistogramLayout {
  plot: { left: number; top: number; width: number; height: number };
  bars: HistogramBar[];
  /** bins (a bin holds every label's bars) */
  bins: number;
  xTicks: Array<{ value: number; offset: number; label: string }>;
  yTicks: Array<{ value: number; offset: number; label: string }>;
  /** x of the threshold line, null when none */
  thresholdX: number | null;
  /** the labels drawn, ascending (-1 alone when unlabelled) */
  labels: number[];
}

export interface HistogramInput {
  values: Float32Array;
  /** per-sample labels aligned with values, or null */
  labels: Uint8Array | null;
  /** labels whose bars are hidden (the legend toggles them) */
  hidden?: ReadonlySet<number>;
  mode: HistogramMode;
  bins: number;
  threshold: number | null;
  width: number;
  height: number;
}

const MARGIN = { left: 48, right: 12, top: 10, bottom: 30 };

/** Bars, axes and threshold line of the histogram. */
export function layoutHistogram(input: HistogramInput): HistogramLayout {
  const { values, labels, mode, width, height } = input;
  const plot = { left: MARGIN.left, top: MARGIN.top, width: Math.max(10, width - MARGIN.left - MARGIN.right), height: Math.max(10, height - MARGIN.top - MARGIN.bottom) };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) [lo, hi] = [0, 1];
  if (lo === hi) hi = lo + 1;
  const x = scaleLinear().domain([lo, hi]).range([0, plot.width]);
  const thresholds = x.ticks(input.bins);
  const positions = Array.from({ length: values.length }, (_, i) => i);
  const binned = bin<number, number>()
    .value((i) => values[i]!)
    .domain([lo, hi])
    .thresholds(thresholds)(positions);

  const labelSet = new Set<number>();
  if (labels) for (const l of labels) labelSet.add(l);
  else labelSet.add(-1);
  const shown = [...labelSet].sort((a, b) => a - b);
  const visible = shown.filter((l) => !input.hidden?.has(l));
  const counts = binned.map((b) => {
    const perLabel = new Map<number, number>();
    for (const i of b) {
      const l = labels ? labels[i]! : -1;
      perLabel.set(l, (perLabel.get(l) ?? 0) + 1);
    }
    return perLabel;
  });
  const top =
    mode === 'stacked'
      ? (max(counts, (c) => visible.reduce((s, l) => s + (c.get(l) ?? 0), 0)) ?? 0)
      : (max(counts, (c) => max(visible, (l) => c.get(l) ?? 0) ?? 0) ?? 0);
  const y = scaleLinear().domain([0, Math.max(1, top)]).nice().range([plot.height, 0]);

  const bars: HistogramBar[] = [];
  binned.forEach((b, k) => {
    const x0 = x(b.x0!);
    const barWidth = Math.max(1, x(b.x1!) - x0 - 1);
    let base = 0;
    for (const label of visible) {
      const count = counts[k]!.get(label) ?? 0;
      if (count === 0) continue;
      const from = mode === 'stacked' ? base : 0;
      bars.push({ label, x: x0, y: y(from + count), width: barWidth, height: y(from) - y(from + count), count });
      base += count;
    }
  });
  const format = x.tickFormat(6);
  return {
    plot,
    bars,
    bins: binned.length,
    xTicks: x.ticks(6).map((value) => ({ value, offset: x(value), label: format(value) })),
    yTicks: y.ticks(4).map((value) => ({ value, offset: y(value), label: String(value) })),
    thresholdX: input.threshold === null ? null : Math.min(plot.width, Math.max(0, x(input.threshold))),
    labels: shown,
  };
}
