/** Picks the points worth drawing when a series has more points than pixels. */
import type { SeriesView } from './series';

/**
 * Indices to draw: all of them when there are at most `limit`, else the first, the last
 * and the min and max of each of `buckets` runs of consecutive points, in order. Min/max
 * keeps spikes visible, which averaging or striding would hide.
 */
export function decimateIndices(series: SeriesView, buckets: number, limit = 2000): number[] {
  const n = series.length;
  if (n <= limit || buckets < 1) return Array.from({ length: n }, (_, i) => i);
  const { y } = series;
  const out: number[] = [0];
  const size = n / Math.floor(buckets);
  for (let b = 0; b < Math.floor(buckets); b++) {
    const start = Math.max(1, Math.floor(b * size));
    const end = Math.min(n - 1, Math.floor((b + 1) * size));
    if (start >= end) continue;
    let min = start;
    let max = start;
    for (let i = start + 1; i < end; i++) {
      if (y[i]! < y[min]!) min = i;
      if (y[i]! > y[max]!) max = i;
    }
    if (min === max) out.push(min);
    else out.push(Math.min(min, max), Math.max(min, max));
  }
  out.push(n - 1);
  return out;
}
