/**
 * The map's filters besides hidden classes: a reconstruction-error range and dataset indices
 * ("0-99, 250, 300-310"). Points outside them are neither drawn nor selectable.
 */

/** A filter as the user typed it; null bounds and an empty index text filter nothing. */
export interface PointFilter {
  minError: number | null;
  maxError: number | null;
  /** dataset indices: numbers and ranges separated by commas or spaces */
  indices: string;
}

/** Most ranges one index filter may list (a long pasted list still parses fast). */
const MAX_RANGES = 10_000;

/** The index text as sorted, disjoint [from, to] ranges; a sentence for text it cannot read. */
export function parseIndexRanges(text: string): { ranges: Array<[number, number]> } | { problem: string } {
  const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
  if (parts.length > MAX_RANGES) return { problem: `List at most ${MAX_RANGES} indices or ranges.` };
  const ranges: Array<[number, number]> = [];
  for (const part of parts) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) return { problem: `"${part}" is not an index or a range; write indices like 0-99, 250.` };
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) return { problem: `The range "${part}" runs backwards; write the smaller index first.` };
    ranges.push([from, to]);
  }
  const merged: Array<[number, number]> = [];
  for (const range of ranges.sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return { ranges: merged };
}

/** 1 for each point that passes `filter` (and `base`, when given); null when nothing is
 * filtered. Unreadable index text filters nothing (the form shows why). */
export function filterMask(filter: PointFilter, indices: Int32Array, errors: Float32Array, base: Uint8Array | null): Uint8Array | null {
  const parsed = filter.indices.trim() ? parseIndexRanges(filter.indices) : null;
  const ranges = parsed && 'ranges' in parsed && parsed.ranges.length ? parsed.ranges : null;
  // errors are float32: a typed bound of 0.4 must keep an error stored as 0.4f
  const low = filter.minError === null ? -Infinity : Math.fround(filter.minError);
  const high = filter.maxError === null ? Infinity : Math.fround(filter.maxError);
  if (!ranges && low === -Infinity && high === Infinity) return base;
  const mask = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    if (base && !base[i]) continue;
    const error = errors[i]!;
    if (error < low || error > high) continue;
    if (ranges && !inRanges(ranges, indices[i]!)) continue;
    mask[i] = 1;
  }
  return mask;
}

/** Whether `value` lies in one of the sorted, disjoint `ranges` (binary search). */
function inRanges(ranges: ReadonlyArray<[number, number]>, value: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]![0] <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && ranges[found]![1] >= value;
}

/** How many points `mask` keeps (all of them when null). */
export function countKept(mask: Uint8Array | null, count: number): number {
  if (!mask) return count;
  let kept = 0;
  for (const v of mask) kept += v;
  return kept;
}

/** The smallest and largest of `values` ([0, 0] when empty), for the filter's placeholders. */
export function valueRange(values: Float32Array): readonly [number, number] {
  if (values.length === 0) return [0, 0];
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  return [low, high];
}
