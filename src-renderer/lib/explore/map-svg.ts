/**
 * The map as a standalone SVG file: axes, ticks and titles as vector elements, and the points
 * either as circles (small maps stay editable in a vector program) or, beyond
 * `MAX_SVG_POINTS`, as the canvas's raster embedded as a PNG image (70,000 circles make an
 * SVG no viewer opens comfortably).
 */
import { escapeXml as escape } from '../pictures/svg-file';
import type { MapScales, MapTick } from './map-scales';

/** Most points written as circles; more are embedded as a raster. */
export const MAX_SVG_POINTS = 5_000;

/** What the SVG shows. */
export interface MapSvgInput {
  width: number;
  height: number;
  margin: { left: number; top: number; right: number; bottom: number };
  ticks: { x: readonly MapTick[]; y: readonly MapTick[] };
  titles: readonly [string, string];
  scales: MapScales;
  coords: Float32Array;
  /** each point's colour index into `palette` */
  bins: Uint8Array;
  palette: readonly string[];
  visible: Uint8Array | null;
  pointSize: number;
  opacity: number;
  /** the points canvas as a PNG data URL, used when there are too many points for circles */
  raster: () => string;
}

/** How many points the SVG would draw (the visible ones inside the plot). */
function pointsInView(input: MapSvgInput): number[] {
  const { coords, visible, scales, width, height } = input;
  const shown: number[] = [];
  for (let i = 0; i < coords.length / 2; i++) {
    if (visible && !visible[i]) continue;
    const x = scales.x(coords[2 * i]!);
    const y = scales.y(coords[2 * i + 1]!);
    if (x >= 0 && y >= 0 && x <= width && y <= height) shown.push(i);
  }
  return shown;
}

/** The SVG document. */
export function mapSvg(input: MapSvgInput): string {
  const { width, height, margin, ticks, titles, scales, coords, bins, palette, pointSize, opacity } = input;
  const fullWidth = width + margin.left + margin.right;
  const fullHeight = height + margin.top + margin.bottom;
  const shown = pointsInView(input);
  let points: string;
  if (shown.length <= MAX_SVG_POINTS) {
    const r = (pointSize / 2).toFixed(2);
    points = `<g fill-opacity="${opacity}">` + shown.map((i) => `<circle cx="${scales.x(coords[2 * i]!).toFixed(1)}" cy="${scales.y(coords[2 * i + 1]!).toFixed(1)}" r="${r}" fill="${escape(palette[bins[i]!] ?? '#888')}"/>`).join('') + '</g>';
  } else {
    points = `<image href="${input.raster()}" x="0" y="0" width="${width}" height="${height}" preserveAspectRatio="none"/>`;
  }
  const xTicks = ticks.x.map((t) => `<line x1="${t.offset}" x2="${t.offset}" y1="${height}" y2="${height + 5}" stroke="#000"/><text x="${t.offset}" y="${height + 17}" text-anchor="middle">${escape(t.label)}</text>`).join('');
  const yTicks = ticks.y.map((t) => `<line x1="-5" x2="0" y1="${t.offset}" y2="${t.offset}" stroke="#000"/><text x="-8" y="${t.offset}" dy="0.32em" text-anchor="end">${escape(t.label)}</text>`).join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fullWidth}" height="${fullHeight}" viewBox="0 0 ${fullWidth} ${fullHeight}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${fullWidth}" height="${fullHeight}" fill="#fff"/>`,
    `<g transform="translate(${margin.left},${margin.top})">`,
    `<clipPath id="plot"><rect width="${width}" height="${height}"/></clipPath>`,
    `<g clip-path="url(#plot)">${points}</g>`,
    `<rect width="${width}" height="${height}" fill="none" stroke="#000"/>`,
    xTicks,
    yTicks,
    `<text x="${width / 2}" y="${height + 34}" text-anchor="middle" font-size="12">${escape(titles[0])}</text>`,
    `<text transform="rotate(-90)" x="${-height / 2}" y="${-margin.left + 12}" text-anchor="middle" font-size="12">${escape(titles[1])}</text>`,
    '</g></svg>',
  ].join('\n') + '\n';
}
