/**
 * Browsing a scored split: filter by label, order by dataset index or by error (best or
 * worst first), pages of a fixed size, and the page that holds a given dataset index.
 */

/** How samples are listed. */
export type BrowseOrder = 'index' | 'best' | 'worst';

export interface BrowseQuery {
  /** only this label, or every sample */
  label: number | null;
  order: BrowseOrder;
}

/** Positions (into the scored arrays) of the samples shown, in the order shown. */
export function browseOrder(errors: Float32Array, labels: Uint8Array | null, indices: Int32Array, query: BrowseQuery): Int32Array {
  const kept: number[] = [];
  for (let p = 0; p < errors.length; p++) if (query.label === null || labels?.[p] === query.label) kept.push(p);
  const order = Int32Array.from(kept);
  if (query.order === 'worst') order.sort((a, b) => errors[b]! - errors[a]! || indices[a]! - indices[b]!);
  else if (query.order === 'best') order.sort((a, b) => errors[a]! - errors[b]! || indices[a]! - indices[b]!);
  else order.sort((a, b) => indices[a]! - indices[b]!);
  return order;
}

/** How many pages `count` samples fill (at least one). */
export function pageCount(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/** The positions on page `page` (0-based, clamped). */
export function pageOf(order: Int32Array, page: number, pageSize: number): Int32Array {
  const last = pageCount(order.length, pageSize) - 1;
  const p = Math.min(Math.max(0, page), last);
  return order.subarray(p * pageSize, (p + 1) * pageSize);
}

/** The page (0-based) showing dataset index `index`, or null when it is not listed. */
export function pageOfIndex(order: Int32Array, indices: Int32Array, index: number, pageSize: number): number | null {
  const at = order.findIndex((p) => indices[p] === index);
  return at < 0 ? null : Math.floor(at / pageSize);
}
