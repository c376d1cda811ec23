/**
 * The map as a PNG: the points canvas and its highlights composited on a white frame with the
 * axes, ticks and titles drawn as the page shows them, at the canvas's own pixel ratio.
 */
import { canvasPng } from '../pictures/raster';
import type { MapTick } from './map-scales';

/** What the PNG is made of. */
export interface MapPngInput {
  /** the points and the highlights canvases, in plot pixels × ratio */
  layers: readonly HTMLCanvasElement[];
  width: number;
  height: number;
  margin: { left: number; top: number; right: number; bottom: number };
  ticks: { x: readonly MapTick[]; y: readonly MapTick[] };
  titles: readonly [string, string];
  pixelRatio: number;
}

/** The PNG, or null where the browser cannot encode one. */
export function mapPng(input: MapPngInput): Promise<Blob | null> {
  const { width, height, margin, ticks, titles, pixelRatio: r } = input;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round((width + margin.left + margin.right) * r);
  canvas.height = Math.round((height + margin.top + margin.bottom) * r);
  const context = canvas.getContext('2d');
  if (!context) return Promise.resolve(null);
  context.scale(r, r);
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.translate(margin.left, margin.top);
  for (const layer of input.layers) context.drawImage(layer, 0, 0, width, height);
  context.strokeStyle = '#000';
  context.fillStyle = '#000';
  context.lineWidth = 1;
  context.strokeRect(0, 0, width, height);
  context.font = '11px system-ui, sans-serif';
  context.textAlign = 'center';
  for (const tick of ticks.x) {
    context.beginPath();
    context.moveTo(tick.offset, height);
    context.lineTo(tick.offset, height + 5);
    context.stroke();
    context.fillText(tick.label, tick.offset, height + 17);
  }
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  for (const tick of ticks.y) {
    context.beginPath();
    context.moveTo(-5, tick.offset);
    context.lineTo(0, tick.offset);
    context.stroke();
    context.fillText(tick.label, -8, tick.offset);
  }
  context.font = '12px system-ui, sans-serif';
  context.textAlign = 'center';
  context.textBaseline = 'alphabetic';
  context.fillText(titles[0], width / 2, height + 34);
  context.rotate(-Math.PI / 2);
  context.fillText(titles[1], -height / 2, -margin.left + 12);
  return canvasPng(canvas);
}
