/**
 * A sample's error map from its image and reconstruction as pictures (RGBA bytes): the
 * per-pixel absolute difference (mean over colour channels) on the Draw view's Inferno scale.
 */
import { errorHeatmap } from '../draw/error-heatmap';
import type { Picture } from '../explore/image-bank';

/** |image - reconstruction| per pixel, coloured. */
export function errorMap(image: Picture, reconstruction: Picture): Picture {
  if (image.rgba.length !== reconstruction.rgba.length) throw new RangeError('The image and its reconstruction differ in size.');
  const pixels = image.width * image.height;
  const errors = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const o = p * 4;
    let sum = 0;
    for (let c = 0; c < 3; c++) sum += Math.abs(image.rgba[o + c]! - reconstruction.rgba[o + c]!);
    errors[p] = sum / (3 * 255);
  }
  return { width: image.width, height: image.height, rgba: errorHeatmap(errors) };
}
