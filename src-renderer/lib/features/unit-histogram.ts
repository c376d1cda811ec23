/**
 * A latent unit's activations per label as stacked bars laid out by d3: activation on x,
 * count on y, one colour per label (the Explore view's categorical palette).
 */
import { scaleLinear } from 'd3';
import type { LatentUnit } from '../../../src-main/protocol';

export interface HistogramLayout {
  plot: { left: number; top: number; width: number; height: number };
  bars: Array<{ x: number; y: number; width: number; height: number; label: number | null; count: number }>;
  xTicks: Array<{ offset: number; label: string }>;
  yTicks: Array<{ offset: number; label: string }>;
}

const MARGIN = { left: 40, right: 10, top: 8, bottom: 28 };

export function layoutUnitHistogram(unit: Pick<LatentUnit, 'min' | 'max' | 'bins' | 'labels' | 'histogram'>, width: number, height: number): HistogramLayout {
  const plot = { left: MARGIN.left, top: MARGIN.top, width: Math.max(10, width - MARGIN.left - MARGIN.right), height: Math.max(10, height - MARGIN.top - MARGIN.bottom) };
  const rows = unit.labels?.length ?? 1;
  const totals = new Array<number>(unit.bins).fill(0);
  for (let r = 0; r < rows; r++) for (let b = 0; b < unit.bins; b++) totals[b]! += unit.histogram[r * unit.bins + b]!;
  const x = scaleLinear().domain([unit.min, unit.max > unit.min ? unit.max : unit.min + 1]).range([0, plot.width]);
  const y = scaleLinear().domain([0, Math.max(1, ...totals)]).range([plot.height, 0]).nice();
  const binWidth = plot.width / unit.bins;
  const bars: HistogramLayout['bars'] = [];
  for (let b = 0; b < unit.bins; b++) {
    let below = 0;
    for (let r = 0; r < rows; r++) {
      const count = unit.histogram[r * unit.bins + b]!;
      if (count === 0) continue;
      bars.push({ x: b * binWidth, y: y(below + count), width: Math.max(1, binWidth - 1), height: y(below) - y(below + count), label: unit.labels?.[r] ?? null, count });
      below += count;
    }
  }
  return {
    plot,
    bars,
    xTicks: x.ticks(5).map((v) => ({ offset: x(v), label: String(Number(v.toPrecision(3))) })),
    yTicks: y.ticks(4).map((v) => ({ offset: y(v), label: v.toLocaleString('en-US') })),
  };
}
