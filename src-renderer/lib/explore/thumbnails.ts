/**
 * "Images instead of dots" at close zoom: when few enough points are in view, each is drawn
 * as its image. Which points are in view, and each picture as a small canvas made once (the
 * renderer scales it with drawImage, far cheaper than putting pixels per frame).
 */
import type { Picture } from './image-bank';
import type { MapScales } from './map-scales';

/** Most points drawn as images at once; with more in view the map keeps its dots. */
export const THUMBNAIL_MAX = 300;
/** A thumbnail's side, CSS pixels. */
export const THUMBNAIL_SIZE = 28;

/** Positions of the visible points inside the plot, or null when more than `max`. */
export function pointsInView(coords: Float32Array, visible: Uint8Array | null, scales: MapScales, width: number, height: number, max: number): Int32Array | null {
  const [x0, x1] = [scales.x.invert(0), scales.x.invert(width)];
  const [y0, y1] = [scales.y.invert(height), scales.y.invert(0)];
  const found: number[] = [];
  for (let i = 0; i < coords.length / 2; i++) {
    if (visible && !visible[i]) continue;
    const x = coords[2 * i]!;
    const y = coords[2 * i + 1]!;
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    if (found.length === max) return null;
    found.push(i);
  }
  return Int32Array.from(found);
}

const made = new WeakMap<Picture, HTMLCanvasElement>();

/** `picture` as a canvas of its own size, made once per picture. */
export function pictureCanvas(picture: Picture): HTMLCanvasElement | null {
  let canvas = made.get(picture);
  if (canvas) return canvas;
  canvas = document.createElement('canvas');
  canvas.width = picture.width;
  canvas.height = picture.height;
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.putImageData(new ImageData(picture.rgba, picture.width, picture.height), 0, 0);
  made.set(picture, canvas);
  return canvas;
}
