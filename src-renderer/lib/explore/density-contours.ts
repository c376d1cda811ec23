/**
 * Density contours of the map as drawn: d3's kernel density estimate over the visible
 * points' screen positions (a stride sample of at most 20,000, so zooming stays smooth),
 * returned as SVG path strings from sparse to dense.
 */
import { contourDensity, geoPath } from 'd3';
import type { MapScales } from './map-scales';

/** Points the estimate uses at most. */
const SAMPLE = 20_000;

/** Contour paths of the visible points' density within a width x height plot. */
export function densityContours(coords: Float32Array, visible: Uint8Array | null, scales: MapScales, width: number, height: number, levels = 8): string[] {
  const count = coords.length / 2;
  const stride = Math.max(1, Math.ceil(count / SAMPLE));
  const positions: number[] = [];
  for (let i = 0; i < count; i += stride) if (!visible || visible[i]) positions.push(i);
  if (positions.length < 3) return [];
  const density = contourDensity<number>()
    .x((i) => scales.x(coords[2 * i]!))
    .y((i) => scales.y(coords[2 * i + 1]!))
    .size([width, height])
    .bandwidth(16)
    .thresholds(levels)(positions);
  const path = geoPath();
  return density.map((contour) => path(contour) ?? '').filter((d) => d !== '');
}
