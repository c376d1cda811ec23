/**
 * Geometry of the latent vector charts, computed with d3 so the Svelte components only
 * render it: one column per dimension around a zero line, and for 2-D latents a plane with
 * the code as a dot. Axes are symmetric about zero so the sign reads at a glance.
 */
import { scaleBand, scaleLinear } from 'd3';
import type { Tick } from '../charts/loss-chart-layout';

/** A column of the bar chart, in plot coordinates. */
export interface LatentBar {
  /** 0-based dimension */
  index: number;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The bar chart's geometry. */
export interface LatentBarsLayout {
  plot: { left: number; top: number; width: number; height: number };
  bars: LatentBar[];
  /** y of the zero line */
  zero: number;
  yTicks: Tick[];
  /** dimension labels under the columns; all of them for small latents, else the ends */
  xLabels: { x: number; label: string }[];
}

/** The plane's geometry for a 2-D latent, a square `size` wide. */
export interface LatentPlaneLayout {
  size: number;
  /** the dot, in pixels from the top-left */
  cx: number;
  cy: number;
  /** where the axes cross (z = 0) */
  origin: number;
  /** the axis half-range, shown as the edge labels */
  extent: number;
}

/** Space for the y tick labels and the dimension labels. */
export const BARS_MARGIN = { top: 6, right: 4, bottom: 18, left: 34 };
const LABEL_EVERY_UP_TO = 16;
/** widest column step, so a 2-D latent gets two bars rather than two slabs */
const MAX_STEP = 36;

const finite = (v: number): number => (Number.isFinite(v) ? v : 0);

/** Half-range of a symmetric axis: covers every value, at least `floor`, rounded up nicely. */
function symmetricExtent(values: ArrayLike<number>, floor: number): number {
  let max = floor;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(finite(values[i]!)));
  return scaleLinear().domain([-max, max]).nice().domain()[1]!;
}

/** Lays out one column per latent dimension in a `width` x `height` chart. */
export function layoutLatentBars(latent: ArrayLike<number>, width: number, height: number): LatentBarsLayout {
  const plot = {
    left: BARS_MARGIN.left,
    top: BARS_MARGIN.top,
    width: Math.max(10, width - BARS_MARGIN.left - BARS_MARGIN.right),
    height: Math.max(10, height - BARS_MARGIN.top - BARS_MARGIN.bottom),
  };
  const dims = Array.from({ length: latent.length }, (_, i) => i);
  const x = scaleBand<number>()
    .domain(dims)
    .range([0, Math.min(plot.width, latent.length * MAX_STEP)])
    .paddingInner(latent.length <= 64 ? 0.2 : 0);
  const extent = symmetricExtent(latent, 1);
  const y = scaleLinear().domain([-extent, extent]).range([plot.height, 0]);
  const zero = y(0);

  const bars = dims.map((index) => {
    const value = finite(latent[index]!);
    const top = y(Math.max(0, value));
    return { index, value, x: x(index)!, y: top, width: x.bandwidth(), height: Math.abs(y(value) - zero) };
  });
  const format = y.tickFormat(5);
  const yTicks = y.ticks(5).map((value) => ({ value, offset: y(value), label: format(value) }));
  const labelled = latent.length <= LABEL_EVERY_UP_TO ? dims : [0, latent.length - 1];
  const xLabels = labelled.map((i) => ({ x: x(i)! + x.bandwidth() / 2, label: `z${i + 1}` }));
  return { plot, bars, zero, yTicks, xLabels };
}

/** Places a 2-D latent `[z1, z2]` in a square plane `size` wide, z2 pointing up. */
export function layoutLatentPlane(latent: ArrayLike<number>, size: number): LatentPlaneLayout {
  // a prior of N(0, 1) puts nearly all codes within 3, so that is the smallest view
  const extent = symmetricExtent(latent, 3);
  const scale = scaleLinear().domain([-extent, extent]).range([0, size]);
  return {
    size,
    cx: scale(finite(latent[0] ?? 0)),
    cy: size - scale(finite(latent[1] ?? 0)),
    origin: scale(0),
    extent,
  };
}
