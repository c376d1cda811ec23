/**
 * The threshold over anomaly scores: samples at or above it are flagged. Positions are
 * ranked worst first once per score, so moving the slider only counts.
 */

/** Sample positions ordered by score, highest first (ties by position). */
export function rankWorstFirst(values: Float32Array): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  return order.sort((a, b) => values[b]! - values[a]! || a - b);
}

/** How many samples score at or above `threshold`, given `ranked` (rankWorstFirst). */
export function countAtOrAbove(values: Float32Array, ranked: Int32Array, threshold: number): number {
  // the ranked scores descend: binary search for the first one below the threshold
  let lo = 0;
  let hi = ranked.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[ranked[mid]!]! >= threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The score at quantile `q` (0..1) of the values: a threshold flagging about (1 - q) of them. */
export function quantileThreshold(values: Float32Array, ranked: Int32Array, q: number): number {
  if (ranked.length === 0) return 0;
  const fromTop = Math.min(ranked.length - 1, Math.max(0, Math.floor((1 - q) * ranked.length)));
  return values[ranked[fromTop]!]!;
}

/** Positions of the threshold slider: its value is a step, not a score, so both ends are
 * exactly the lowest and highest score (a browser's decimal stepping of a float range can
 * land one rounding off the end and flag one sample too few). */
export const SLIDER_STEPS = 1000;

/** The lowest and highest score. */
export function sliderRange(values: Float32Array, ranked: Int32Array): { min: number; max: number } {
  if (ranked.length === 0) return { min: 0, max: 1 };
  return { min: values[ranked[ranked.length - 1]!]!, max: values[ranked[0]!]! };
}

/** The threshold at slider step `position` (0 = the lowest score, SLIDER_STEPS = the highest). */
export function sliderThreshold(position: number, range: { min: number; max: number }): number {
  if (position <= 0) return range.min;
  if (position >= SLIDER_STEPS) return range.max;
  return range.min + ((range.max - range.min) * position) / SLIDER_STEPS;
}

/** The slider step nearest to `threshold`. */
export function sliderPosition(threshold: number, range: { min: number; max: number }): number {
  if (!(range.max > range.min)) return 0;
  return Math.min(SLIDER_STEPS, Math.max(0, Math.round(((threshold - range.min) / (range.max - range.min)) * SLIDER_STEPS)));
}
