import { describe, expect, it } from 'vitest';
import { buildSheet, sheetColumns } from './contact-sheet';

describe('contact sheet', () => {
  it('spreads images over balanced rows of at most 12', () => {
    expect(sheetColumns(8)).toBe(8);
    expect(sheetColumns(12)).toBe(12);
    expect(sheetColumns(16)).toBe(8);
    expect(sheetColumns(25)).toBe(9);
  });

  it('puts each original above its reconstruction, gaps transparent', () => {
    // two 2x2 images: originals all 1 (white), reconstructions all 0.5
    const originals = new Float32Array(8).fill(1);
    const reconstructions = new Float32Array(8).fill(0.5);
    const sheet = buildSheet({ originals, reconstructions, count: 2, width: 2, height: 2 });
    expect(sheet.width).toBe(2 + 1 + 2);
    expect(sheet.height).toBe(2 + 1 + 2);
    const at = (x: number, y: number): number[] => Array.from(sheet.data.subarray((y * sheet.width + x) * 4, (y * sheet.width + x) * 4 + 4));
    expect(at(0, 0)).toEqual([255, 255, 255, 255]);
    expect(at(4, 1)).toEqual([255, 255, 255, 255]);
    expect(at(2, 0)).toEqual([0, 0, 0, 0]); // column gap
    expect(at(0, 2)).toEqual([0, 0, 0, 0]); // gap between original and reconstruction
    expect(at(1, 3)).toEqual([128, 128, 128, 255]);
  });
});
