/**
 * An animated GIF of an interpolation: each image a frame, enlarged `scale` times (nearest
 * neighbour, so pixels stay sharp), played forward then back so it loops without a jump.
 * Grey images index a 256-grey palette directly; colour images share one quantized palette.
 */
import { GIFEncoder, applyPalette, quantize } from 'gifenc';
import type { Palette } from 'gifenc';
import type { ImageBatch } from './image-grid';

const GREYS: Palette = Array.from({ length: 256 }, (_, v) => [v, v, v]);

/** Frame order forward then back, without repeating the ends: 0 1 2 3 2 1. */
export function pingPong(count: number): number[] {
  const forward = Array.from({ length: count }, (_, i) => i);
  return [...forward, ...forward.slice(1, -1).reverse()];
}

/** Image `i` of `batch` enlarged `scale` times, as RGBA. */
function scaledRgba(batch: ImageBatch, i: number, scale: number): Uint8ClampedArray {
  const { width: w, height: h, channels: c } = batch;
  const out = new Uint8ClampedArray(w * scale * h * scale * 4);
  for (let y = 0; y < h * scale; y++) {
    for (let x = 0; x < w * scale; x++) {
      const s = ((i * h + Math.floor(y / scale)) * w + Math.floor(x / scale)) * c;
      const o = (y * w * scale + x) * 4;
      out[o] = batch.images[s]!;
      out[o + 1] = batch.images[c >= 3 ? s + 1 : s]!;
      out[o + 2] = batch.images[c >= 3 ? s + 2 : s]!;
      out[o + 3] = 255;
    }
  }
  return out;
}

/** The GIF file of `batch`'s images as a looping animation. */
export function animatedGif(batch: ImageBatch, scale = 4, delayMs = 120): Uint8Array {
  const width = batch.width * scale;
  const height = batch.height * scale;
  const frames = Array.from({ length: batch.count }, (_, i) => scaledRgba(batch, i, scale));
  const grey = batch.channels < 3;
  let palette = GREYS;
  if (!grey) {
    const all = new Uint8ClampedArray(frames.reduce((n, f) => n + f.length, 0));
    frames.reduce((at, f) => (all.set(f, at), at + f.length), 0);
    palette = quantize(all, 256);
  }
  const gif = GIFEncoder();
  for (const i of pingPong(batch.count)) {
    const rgba = frames[i]!;
    const index = grey ? Uint8Array.from({ length: width * height }, (_, p) => rgba[p * 4]!) : applyPalette(rgba, palette);
    gif.writeFrame(index, width, height, { palette, delay: delayMs, repeat: 0 });
  }
  gif.finish();
  return gif.bytes();
}
