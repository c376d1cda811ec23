/**
 * Everything the loss chart draws, computed with d3 from the data and the chart's size:
 * scales, tick positions and labels, and path strings. The Svelte component only renders it.
 */
import { extent, line, scaleLinear, scaleLog } from 'd3';
import { decimateIndices } from './decimate';
import type { SeriesView } from './series';

/** A point of the per-epoch validation curve, x in epochs. */
export interface EpochPoint {
  x: number;
  y: number;
}

/** What the layout is computed from. */
export interface LossChartInput {
  /** training loss per batch, x in (fractional) epochs */
  train: SeriesView;
  /** validation loss per epoch */
  val: readonly EpochPoint[];
  /** the run's planned epochs, so the x axis does not rescale on every point */
  epochs: number;
  width: number;
  height: number;
  /** asks for a log y axis; granted only when every loss is positive */
  log: boolean;
}

/** An axis tick: data value, offset in pixels along the axis, and label. */
export interface Tick {
  value: number;
  offset: number;
  label: string;
}

/** The computed chart. */
export interface LossChartLayout {
  /** the plotting area inside the margins */
  plot: { left: number; top: number; width: number; height: number };
  xTicks: Tick[];
  yTicks: Tick[];
  trainPath: string;
  valPath: string;
  valDots: { cx: number; cy: number; value: number }[];
  /** whether the y axis is logarithmic (false when log was asked for but cannot apply) */
  logScale: boolean;
}

/** Space for tick labels and axis titles. */
export const MARGIN = { top: 12, right: 16, bottom: 44, left: 64 };

function yExtent(train: SeriesView, val: readonly EpochPoint[]): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < train.length; i++) {
    const v = train.y[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const [vMin, vMax] = extent(val, (p) => p.y);
  if (vMin !== undefined && vMin < min) min = vMin;
  if (vMax !== undefined && vMax > max) max = vMax;
  return Number.isFinite(min) && Number.isFinite(max) ? [min, max] : null;
}

/** Computes the loss chart's scales, ticks and paths. */
export function layoutLossChart(input: LossChartInput): LossChartLayout {
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(10, input.width - MARGIN.left - MARGIN.right),
    height: Math.max(10, input.height - MARGIN.top - MARGIN.bottom),
  };
  const { train, val } = input;
  const lastX = Math.max(train.length ? train.x[train.length - 1]! : 0, val.at(-1)?.x ?? 0);
  const x = scaleLinear()
    .domain([0, Math.max(1, input.epochs, lastX)])
    .range([0, plot.width]);

  const range = yExtent(train, val) ?? [0, 1];
  const logScale = input.log && range[0] > 0;
  // a flat series still needs a visible band around it
  const pad = range[0] === range[1] ? Math.abs(range[0]) * 0.1 || 1 : 0;
  const y = logScale
    ? scaleLog()
        .domain([range[0] / (pad ? 1.5 : 1), range[1] * (pad ? 1.5 : 1)])
        .range([plot.height, 0])
        .nice()
    : scaleLinear()
        .domain([range[0] - pad, range[1] + pad])
        .range([plot.height, 0])
        .nice();

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
  const trainLine = line<number>()
    .x((i) => x(train.x[i]!))
    .y((i) => y(train.y[i]!))
    .defined((i) => drawable(train.y[i]!));
  const trainPath = trainLine(decimateIndices(train, plot.width)) ?? '';

  const points = val.filter((p) => drawable(p.y));
  const valLine = line<EpochPoint>()
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  const valPath = valLine(points) ?? '';
  const valDots = points.map((p) => ({ cx: x(p.x), cy: y(p.y), value: p.y }));

  return { plot, xTicks, yTicks, trainPath, valPath, valDots, logScale };
}
