import { describe, expect, it } from 'vitest';
import { gridLayout, rowsToImages, visibleRows } from './grid-layout';

describe('the virtual grid', () => {
  it('fits columns to the width and rows to the count', () => {
    expect(gridLayout(70_000, 1000, 32)).toEqual({ columns: 31, rows: 2259, cell: 32, height: 72_288 });
    expect(gridLayout(5, 10, 32).columns).toBe(1);
  });

  it('shows only the rows in the window, with overscan, clamped at both ends', () => {
    const layout = gridLayout(70_000, 1000, 32);
    expect(visibleRows(layout, 0, 320)).toEqual({ first: 0, last: 12 });
    expect(visibleRows(layout, 3200, 320)).toEqual({ first: 98, last: 112 });
    const end = visibleRows(layout, layout.height - 320, 320);
    expect(end.last).toBe(layout.rows);
    expect(rowsToImages(layout, 70_000, end).to).toBe(70_000);
    expect(rowsToImages(layout, 70_000, { first: 2, last: 3 })).toEqual({ from: 62, to: 93 });
  });
});
