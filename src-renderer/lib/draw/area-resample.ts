/**
 * Box-filter (area-average) resampling of grayscale images, in plain TS so the pad's
 * preprocessing and PNG loading are testable without a canvas. Each destination pixel is
 * the mean of the source area it covers, fractional edge pixels weighted by their overlap,
 * which anti-aliases when shrinking and keeps total ink in proportion.
 */

/** One source pixel's share of a destination pixel along one axis. */
interface Tap {
  index: number;
  weight: number;
}

/** For each of `dst` output positions, the source positions it covers and their weights (summing to 1). */
function axisTaps(src: number, dst: number): Tap[][] {
  const step = src / dst;
  const taps: Tap[][] = [];
  for (let d = 0; d < dst; d++) {
    const start = d * step;
    const end = start + step;
    const row: Tap[] = [];
    for (let s = Math.floor(start); s < Math.min(src, Math.ceil(end)); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 1e-9) row.push({ index: s, weight: overlap / step });
    }
    taps.push(row);
  }
  return taps;
}

/** Resizes a row-major `sw` x `sh` grayscale image to `dw` x `dh` by area averaging. */
export function resampleArea(src: ArrayLike<number>, sw: number, sh: number, dw: number, dh: number): Float32Array {
  const xTaps = axisTaps(sw, dw);
  const yTaps = axisTaps(sh, dh);
  // separable: rows first (sh x dw), then columns
  const rows = new Float32Array(sh * dw);
  for (let y = 0; y < sh; y++) {
    for (let x = 0; x < dw; x++) {
      let sum = 0;
      for (const tap of xTaps[x]!) sum += src[y * sw + tap.index]! * tap.weight;
      rows[y * dw + x] = sum;
    }
  }
  const out = new Float32Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      let sum = 0;
      for (const tap of yTaps[y]!) sum += rows[tap.index * dw + x]! * tap.weight;
      out[y * dw + x] = sum;
    }
  }
  return out;
}
