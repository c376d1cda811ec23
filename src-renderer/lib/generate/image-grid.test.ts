import { describe, expect, it } from 'vitest';
import { cellAt, gridSheet, imageOf, joinImages } from './image-grid';

// three 2x1 grey images with values 10*(i+1) and 10*(i+1)+1
const batch = { count: 3, width: 2, height: 1, channels: 1, images: Uint8Array.from([10, 11, 20, 21, 30, 31]) };

describe('gridSheet', () => {
  it('lays images out in rows with transparent gaps', () => {
    const sheet = gridSheet(batch, 2);
    expect(sheet).toMatchObject({ width: 5, height: 3, columns: 2 });
    const px = (x: number, y: number) => [...sheet.data.subarray((y * 5 + x) * 4, (y * 5 + x) * 4 + 4)];
    expect(px(0, 0)).toEqual([10, 10, 10, 255]);
    expect(px(2, 0)).toEqual([0, 0, 0, 0]);
    expect(px(4, 0)).toEqual([21, 21, 21, 255]);
    expect(px(1, 2)).toEqual([31, 31, 31, 255]);
    expect(px(3, 2)).toEqual([0, 0, 0, 0]);
  });

  it('keeps RGB colours', () => {
    const rgb = gridSheet({ count: 1, width: 1, height: 1, channels: 3, images: Uint8Array.from([1, 2, 3]) }, 4);
    expect([...rgb.data]).toEqual([1, 2, 3, 255]);
  });
});

describe('batch helpers', () => {
  it('splits and joins images', () => {
    expect(imageOf(batch, 1).images).toEqual(Uint8Array.from([20, 21]));
    expect(joinImages([imageOf(batch, 2), imageOf(batch, 0)])).toMatchObject({ count: 2, images: Uint8Array.from([30, 31, 10, 11]) });
    expect(joinImages([])).toBeNull();
  });

  it('finds the cell under a point, not in gaps', () => {
    const sheet = gridSheet(batch, 2);
    expect(cellAt(sheet, batch, 3, 1, 0)).toBe(0);
    expect(cellAt(sheet, batch, 3, 3, 0)).toBe(1);
    expect(cellAt(sheet, batch, 3, 2, 0)).toBeNull();
    expect(cellAt(sheet, batch, 3, 0, 2)).toBe(2);
    expect(cellAt(sheet, batch, 3, 4, 2)).toBeNull();
  });
});
