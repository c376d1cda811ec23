/**
 * Where the reconstruction misses: per-pixel absolute error coloured with d3's Inferno
 * scale (black = exact, yellow = off by 1). A fixed [0, 1] domain keeps colours comparable
 * from one stroke to the next, which a per-image rescale would not.
 */
import { color, interpolateInferno, scaleSequential } from 'd3';

/** |input - reconstruction| per pixel. */
export function pixelErrors(input: Float32Array, reconstruction: Float32Array): Float32Array {
  if (input.length !== reconstruction.length) {
    throw new RangeError(`Input has ${input.length} pixels but the reconstruction ${reconstruction.length}`);
  }
  return input.map((x, i) => Math.abs(x - reconstruction[i]!));
}

const LEVELS = 256;
// the scale sampled once into RGB bytes: 784 colour parses per stroke would be wasted work
const PALETTE = (() => {
  const scale = scaleSequential(interpolateInferno).domain([0, LEVELS - 1]);
  const bytes = new Uint8ClampedArray(LEVELS * 3);
  for (let i = 0; i < LEVELS; i++) {
    const rgb = color(scale(i))?.rgb();
    bytes.set(rgb ? [rgb.r, rgb.g, rgb.b] : [0, 0, 0], i * 3);
  }
  return bytes;
})();

/** Errors in [0, 1] (clamped) as opaque RGBA bytes on the Inferno scale. */
export function errorHeatmap(errors: Float32Array): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(errors.length * 4);
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i]!;
    const level = Math.round((e > 0 ? Math.min(1, e) : 0) * (LEVELS - 1)) * 3;
    out[i * 4] = PALETTE[level]!;
    out[i * 4 + 1] = PALETTE[level + 1]!;
    out[i * 4 + 2] = PALETTE[level + 2]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}
