import { describe, expect, it } from 'vitest';
import { buildSampleSheet } from './sample-sheet';

describe('buildSampleSheet', () => {
  it('lays 16 samples out 4 by 4 with 1-pixel gaps', () => {
    const images = new Float32Array(16 * 2 * 2).fill(1);
    const sheet = buildSampleSheet({ images, count: 16, width: 2, height: 2 });
    expect(sheet).toMatchObject({ columns: 4, width: 4 * 2 + 3, height: 4 * 2 + 3 });
    // a pixel of the first image is white and opaque, the gap after it transparent
    expect(Array.from(sheet.data.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    expect(sheet.data[2 * 4 + 3]).toBe(0);
  });

  it('puts each image in its own cell, row by row', () => {
    const images = new Float32Array([0, 0.5, 1]);
    const sheet = buildSampleSheet({ images, count: 3, width: 1, height: 1 });
    expect(sheet).toMatchObject({ columns: 2, width: 3, height: 3 });
    expect(sheet.data[2 * 4]).toBe(128);
    expect(sheet.data[(2 * 3 + 0) * 4]).toBe(255);
  });
});
