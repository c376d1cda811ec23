/**
 * The map's geometry, computed with d3: data-to-pixel scales that fit the layout into the
 * plot with equal units on both axes (a UMAP or PCA map's distances mean the same across and
 * up), rescaled by the current zoom transform, and the ticks of both axes.
 */
import { scaleLinear } from 'd3';
import type { ScaleLinear, ZoomTransform } from 'd3';

/** Data-to-pixel scales of the plot area. */
export interface MapScales {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

/** An axis tick: pixel offset and label. */
export interface MapTick {
  offset: number;
  label: string;
}

/** Pixels kept free around the points inside the plot. */
const INSET = 12;

/** Extent of x and y over the layout's points. */
export function layoutExtent(coords: Float32Array): { x: [number, number]; y: [number, number] } {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const x = coords[i]!;
    const y = coords[i + 1]!;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (!(x0 <= x1)) return { x: [0, 1], y: [0, 1] };
  return { x: [x0, x1], y: [y0, y1] };
}

/** Scales fitting the extent into width x height pixels, equal units, centred; y points up. */
export function fitScales(extent: { x: [number, number]; y: [number, number] }, width: number, height: number): MapScales {
  const spanX = Math.max(extent.x[1] - extent.x[0], 1e-9);
  const spanY = Math.max(extent.y[1] - extent.y[0], 1e-9);
  const unit = Math.min((width - 2 * INSET) / spanX, (height - 2 * INSET) / spanY);
  const cx = (extent.x[0] + extent.x[1]) / 2;
  const cy = (extent.y[0] + extent.y[1]) / 2;
  const halfW = width / 2 / unit;
  const halfH = height / 2 / unit;
  return {
    x: scaleLinear().domain([cx - halfW, cx + halfW]).range([0, width]),
    y: scaleLinear().domain([cy - halfH, cy + halfH]).range([height, 0]),
  };
}

/** The scales as the zoom transform shows them. */
export function zoomed(base: MapScales, transform: ZoomTransform): MapScales {
  return { x: transform.rescaleX(base.x), y: transform.rescaleY(base.y) };
}

/** About one tick per 80 pixels along x and 50 along y. */
export function mapTicks(scales: MapScales, width: number, height: number): { x: MapTick[]; y: MapTick[] } {
  const xCount = Math.max(2, Math.floor(width / 80));
  const yCount = Math.max(2, Math.floor(height / 50));
  const xFormat = scales.x.tickFormat(xCount);
  const yFormat = scales.y.tickFormat(yCount);
  return {
    x: scales.x.ticks(xCount).map((v) => ({ offset: scales.x(v), label: xFormat(v) })),
    y: scales.y.ticks(yCount).map((v) => ({ offset: scales.y(v), label: yFormat(v) })),
  };
}
