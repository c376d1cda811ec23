/** Dataset pixels as RGBA for canvases: one image from a page, and the mean/variance maps. */

/** RGBA pixels of image `i` of a uint8 batch of height x width x channels (1 or 3). */
export function imageRgba(images: Uint8Array, i: number, width: number, height: number, channels: number): Uint8ClampedArray<ArrayBuffer> {
  const n = width * height;
  const out = new Uint8ClampedArray(n * 4);
  const start = i * n * channels;
  for (let k = 0; k < n; k++) {
    const at = start + k * channels;
    const r = images[at]!;
    out[4 * k] = r;
    out[4 * k + 1] = channels === 3 ? images[at + 1]! : r;
    out[4 * k + 2] = channels === 3 ? images[at + 2]! : r;
    out[4 * k + 3] = 255;
  }
  return out;
}

/** RGBA of a per-pixel map in [0, 1] (grey, or RGB when it has 3 channels), stretched so its
 * largest value is white when `stretch` is set (the variance, whose values are small). */
export function mapRgba(values: Float32Array, width: number, height: number, channels: number, stretch: boolean): Uint8ClampedArray<ArrayBuffer> {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  const scale = stretch && max > 0 ? 255 / max : 255;
  const n = width * height;
  const out = new Uint8ClampedArray(n * 4);
  for (let k = 0; k < n; k++) {
    const at = k * channels;
    const r = values[at]! * scale;
    out[4 * k] = r;
    out[4 * k + 1] = channels === 3 ? values[at + 1]! * scale : r;
    out[4 * k + 2] = channels === 3 ? values[at + 2]! * scale : r;
    out[4 * k + 3] = 255;
  }
  return out;
}
