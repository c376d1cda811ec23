/** The virtual image grid's geometry: columns that fit, and which rows a scroll position shows. */

export interface GridLayout {
  columns: number;
  rows: number;
  /** pixels per cell side, gap included */
  cell: number;
  /** the scrollable height of every row */
  height: number;
}

/** Lays `total` images into cells of `cell` pixels across `width` pixels. */
export function gridLayout(total: number, width: number, cell: number): GridLayout {
  const columns = Math.max(1, Math.floor(width / cell));
  const rows = Math.ceil(total / columns);
  return { columns, rows, cell, height: rows * cell };
}

/** Rows [first, last) at least partly visible at `scrollTop` in a `viewport`-high window, plus
 * `overscan` rows either side so a small scroll shows images already fetched. */
export function visibleRows(layout: GridLayout, scrollTop: number, viewport: number, overscan = 2): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / layout.cell) - overscan);
  const last = Math.min(layout.rows, Math.ceil((scrollTop + viewport) / layout.cell) + overscan);
  return { first, last: Math.max(first, last) };
}

/** Image positions [from, to) in rows [first, last). */
export function rowsToImages(layout: GridLayout, total: number, rows: { first: number; last: number }): { from: number; to: number } {
  return { from: Math.min(total, rows.first * layout.columns), to: Math.min(total, rows.last * layout.columns) };
}
