/**
 * The accuracy-over-labels chart laid out by d3: label budget on a log x axis, validation
 * accuracy (0..1) on y, one line with dots per method. Svelte renders what this returns.
 */
import { line, scaleLinear, scaleLog } from 'd3';
import type { ProbeMethod } from '../../../src-main/protocol';
import type { ProbeResult } from './probe-session.svelte';

export interface CurveLayout {
  plot: { left: number; top: number; width: number; height: number };
  xTicks: Array<{ value: number; offset: number; label: string }>;
  yTicks: Array<{ value: number; offset: number; label: string }>;
  lines: Array<{ method: ProbeMethod; path: string; dots: Array<{ cx: number; cy: number; size: number; accuracy: number }> }>;
  /** the y of chance (1 / classes), null when unknown */
  chance: number | null;
}

const MARGIN = { left: 48, right: 16, top: 10, bottom: 40 };

/** Lays out `results` of `methods` over budgets `sizes` in a `width` x `height` box. */
export function layoutAccuracyCurve(args: {
  methods: readonly ProbeMethod[];
  sizes: readonly number[];
  results: readonly ProbeResult[];
  classes: number | null;
  width: number;
  height: number;
}): CurveLayout {
  const plot = { left: MARGIN.left, top: MARGIN.top, width: Math.max(10, args.width - MARGIN.left - MARGIN.right), height: Math.max(10, args.height - MARGIN.top - MARGIN.bottom) };
  const low = Math.max(1, Math.min(...args.sizes));
  const high = Math.max(low * 10, ...args.sizes);
  const x = scaleLog().domain([low, high]).range([0, plot.width]).nice();
  const y = scaleLinear().domain([0, 1]).range([plot.height, 0]);
  const xTicks = x.ticks().filter((t) => Math.log10(t) % 1 === 0).map((value) => ({ value, offset: x(value), label: value.toLocaleString('en-US') }));
  const yTicks = y.ticks(5).map((value) => ({ value, offset: y(value), label: `${Math.round(value * 100)}%` }));
  const path = line<{ cx: number; cy: number }>().x((d) => d.cx).y((d) => d.cy);
  const lines = args.methods.map((method) => {
    const dots = args.results
      .filter((r) => r.method === method)
      .sort((a, b) => a.size - b.size)
      .map((r) => ({ cx: x(r.size), cy: y(r.accuracy), size: r.size, accuracy: r.accuracy }));
    return { method, path: path(dots) ?? '', dots };
  });
  return { plot, xTicks, yTicks, lines, chance: args.classes ? y(1 / args.classes) : null };
}
