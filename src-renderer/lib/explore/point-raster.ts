/**
 * Rasterises the map's points straight into RGBA pixels: one anti-aliased round mark per
 * point, blended over an opaque background. A 2-D canvas issues one fillRect per point (~3 µs
 * each when Chromium draws in software, 200 ms a frame at 70,000 points); writing the pixels
 * and putting them once costs a few milliseconds.
 */

/** A colour as 0..255 channels. */
export type Rgb = readonly [number, number, number];

/** What one pass draws: a set of points in one colour each, at one opacity. */
export interface RasterPass {
  coords: Float32Array;
  /** positions to draw, grouped by colour: colour c owns order[starts[c] .. starts[c + 1]) */
  order: Int32Array;
  starts: Int32Array;
  palette: readonly Rgb[];
  /** 1 = drawn; null = all */
  visible: Uint8Array | null;
  /** draw only points whose flag here equals `only`; null = no filter */
  flags: Uint8Array | null;
  only: number;
  alpha: number;
  /** layout to device pixels: x' = ax x + bx, y' = ay y + by */
  transform: readonly [number, number, number, number];
  /** the mark's diameter in device pixels */
  size: number;
}

/** Coverage (0..1) of a disc of diameter `size` over a square of pixels, 4x4 supersampled. */
export function discMask(size: number): { side: number; coverage: Float32Array } {
  const side = Math.max(1, Math.ceil(size));
  const coverage = new Float32Array(side * side);
  const radius = size / 2;
  const centre = side / 2;
  for (let py = 0; py < side; py++) {
    for (let px = 0; px < side; px++) {
      let inside = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const dx = px + (sx + 0.5) / 4 - centre;
          const dy = py + (sy + 0.5) / 4 - centre;
          if (dx * dx + dy * dy <= radius * radius) inside++;
        }
      }
      // marks under ~1.5 pixels would vanish as discs: draw them as full squares
      coverage[py * side + px] = size < 1.5 ? 1 : inside / 16;
    }
  }
  return { side, coverage };
}

/** Fills `pixels` (RGBA, width x height) with an opaque colour. */
export function fillBackground(pixels: Uint8ClampedArray, colour: Rgb): void {
  const words = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.byteLength / 4);
  const probe = new Uint8ClampedArray([colour[0], colour[1], colour[2], 255]);
  words.fill(new Uint32Array(probe.buffer)[0]!);
}

/** Blends a pass's points into `pixels`; returns how many points it drew. */
export function rasterize(pixels: Uint8ClampedArray, width: number, height: number, pass: RasterPass): number {
  const { coords, order, starts, palette, visible, flags, only, size } = pass;
  const [ax, bx, ay, by] = pass.transform;
  const { side, coverage } = discMask(size);
  // integer weights (0..256) and a plain byte view: no float-to-clamped-byte conversion per
  // channel, and p + ((c - p) w >> 8) always stays between p and c
  const weights = Int32Array.from(coverage, (c) => Math.round(pass.alpha * c * 256));
  const bytes = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  const half = side / 2;
  let drawn = 0;
  for (let c = 0; c + 1 < starts.length; c++) {
    const [r, g, b] = palette[c] ?? [128, 128, 128];
    for (let k = starts[c]!; k < starts[c + 1]!; k++) {
      const i = order[k]!;
      if (visible && !visible[i]) continue;
      if (flags && flags[i] !== only) continue;
      const left = Math.round(ax * coords[2 * i]! + bx - half);
      const top = Math.round(ay * coords[2 * i + 1]! + by - half);
      if (left >= width || top >= height || left + side <= 0 || top + side <= 0) continue;
      drawn++;
      const y0 = Math.max(0, -top);
      const y1 = Math.min(side, height - top);
      const x0 = Math.max(0, -left);
      const x1 = Math.min(side, width - left);
      for (let my = y0; my < y1; my++) {
        let o = ((top + my) * width + left + x0) * 4;
        for (let mx = x0; mx < x1; mx++, o += 4) {
          const w = weights[my * side + mx]!;
          if (w === 0) continue;
          const pr = bytes[o]!;
          const pg = bytes[o + 1]!;
          const pb = bytes[o + 2]!;
          bytes[o] = pr + (((r - pr) * w) >> 8);
          bytes[o + 1] = pg + (((g - pg) * w) >> 8);
          bytes[o + 2] = pb + (((b - pb) * w) >> 8);
        }
      }
    }
  }
  return drawn;
}
