/**
 * Everything a line chart draws, computed with d3 from its lines and size: scales, ticks and
 * path strings. Every chart of the app (live loss, metric panels, run overlays) is laid out
 * here, so the Svelte components only render. x is always in epochs.
 */
import { line, scaleLinear, scaleLog } from 'd3';
import { decimateIndices } from './decimate';
import type { SeriesView } from './series';

/** An axis tick: data value, offset in pixels along the axis, and label. */
export interface Tick {
  value: number;
  offset: number;
  label: string;
}

/** How a line is drawn: per-batch training values thin, per-epoch training means dashed,
 * validation per epoch bold with dots. */
export type LineStyle = 'batch' | 'epoch' | 'validation';

/** One line to draw. */
export interface ChartLine {
  /** unique within a chart */
  id: string;
  /** legend text */
  label: string;
  /** any CSS color, e.g. `var(--series-val)` */
  color: string;
  style: LineStyle;
  /** x in epochs (fractional for batches) */
  points: SeriesView;
}

/** What the layout is computed from. */
export interface LineChartInput {
  lines: readonly ChartLine[];
  /** first epoch of the x axis: 0, or where a resumed run took up again */
  xFrom: number;
  /** the planned last epoch, so the axis does not rescale on every point; data past it widens it */
  xTo: number;
  /** a fixed y range (accuracies: [0, 1]); null fits the data */
  yDomain: readonly [number, number] | null;
  /** asks for a log y axis; granted only when the range is fitted and every value is positive */
  log: boolean;
  width: number;
  height: number;
}

/** A line as drawn. */
export interface DrawnLine {
  id: string;
  label: string;
  color: string;
  style: LineStyle;
  /** SVG path, '' when nothing is drawable */
  path: string;
  /** markers of a per-epoch line, empty for batch lines and when points are too dense to mark */
  dots: { cx: number; cy: number; value: number }[];
}

/** The computed chart. */
export interface LineChartLayout {
  /** the plotting area inside the margins */
  plot: { left: number; top: number; width: number; height: number };
  xTicks: Tick[];
  yTicks: Tick[];
  lines: DrawnLine[];
  /** whether the y axis is logarithmic (false when log was asked for but cannot apply) */
  logScale: boolean;
}

/** Space for tick labels and axis titles. */
export const MARGIN = { top: 12, right: 16, bottom: 44, left: 64 };

// dots closer than this many pixels on average would merge into a thick line anyway
const MIN_DOT_SPACING = 8;

function dataExtent(lines: readonly ChartLine[]): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (const { points } of lines) {
    for (let i = 0; i < points.length; i++) {
      const v = points.y[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? [min, max] : null;
}

function lastX(lines: readonly ChartLine[]): number {
  let last = -Infinity;
  for (const { points } of lines) if (points.length) last = Math.max(last, points.x[points.length - 1]!);
  return last;
}

/** Computes the chart's scales, ticks and paths. */
export function layoutLineChart(input: LineChartInput): LineChartLayout {
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(10, input.width - MARGIN.left - MARGIN.right),
    height: Math.max(10, input.height - MARGIN.top - MARGIN.bottom),
  };
  const { lines } = input;
  const x = scaleLinear()
    .domain([input.xFrom, Math.max(input.xFrom + 1, input.xTo, lastX(lines))])
    .range([0, plot.width]);

  const range = input.yDomain ?? dataExtent(lines) ?? [0, 1];
  const logScale = input.log && input.yDomain === null && range[0] > 0;
  // a flat series still needs a visible band around it
  const pad = range[0] === range[1] ? Math.abs(range[0]) * 0.1 || 1 : 0;
  const linear = scaleLinear()
    .domain([range[0] - pad, range[1] + pad])
    .range([plot.height, 0]);
  // a fixed range stays exact ([0, 1] for accuracies); a fitted one gets round ends
  if (input.yDomain === null) linear.nice();
  const y = logScale
    ? scaleLog()
        .domain([range[0] / (pad ? 1.5 : 1), range[1] * (pad ? 1.5 : 1)])
        .range([plot.height, 0])
        .nice()
    : linear;

  const xCount = Math.max(2, Math.floor(plot.width / 80));
  const yCount = Math.max(2, Math.floor(plot.height / 40));
  const xFormat = x.tickFormat(xCount);
  // '~g' for log axes: d3's default there is SI ("500m"), unreadable for losses
  const yFormat = logScale ? y.tickFormat(yCount, '~g') : y.tickFormat(yCount);
  const xTicks = x.ticks(xCount).map((value) => ({ value, offset: x(value), label: xFormat(value) }));
  const yTicks = y
    .ticks(yCount)
    .map((value) => ({ value, offset: y(value), label: yFormat(value) }))
    // log scales leave most minor ticks unlabeled; drop them rather than draw bare marks
    .filter((tick) => tick.label !== '');

  const drawable = (v: number): boolean => Number.isFinite(v) && (!logScale || v > 0);
  const drawn = lines.map((spec): DrawnLine => {
    const { points } = spec;
    const path =
      line<number>()
        .x((i) => x(points.x[i]!))
        .y((i) => y(points.y[i]!))
        .defined((i) => drawable(points.y[i]!))(decimateIndices(points, plot.width)) ?? '';
    const dots: DrawnLine['dots'] = [];
    if (spec.style !== 'batch' && points.length * MIN_DOT_SPACING <= plot.width) {
      for (let i = 0; i < points.length; i++) {
        const value = points.y[i]!;
        if (drawable(value)) dots.push({ cx: x(points.x[i]!), cy: y(value), value });
      }
    }
    return { id: spec.id, label: spec.label, color: spec.color, style: spec.style, path, dots };
  });

  return { plot, xTicks, yTicks, lines: drawn, logScale };
}
