import { describe, expect, it } from 'vitest';
import { decimateIndices } from './decimate';
import { EMPTY_SERIES, SeriesBuffer } from './series';
import type { SeriesView } from './series';

function seriesOf(values: number[]): SeriesView {
  const buffer = new SeriesBuffer();
  let view = EMPTY_SERIES;
  values.forEach((v, i) => (view = buffer.append(i, v)));
  return view;
}

describe('SeriesBuffer', () => {
  it('returns a fresh view per point, and earlier views keep their points after growth', () => {
    const buffer = new SeriesBuffer();
    const first = buffer.append(1, 10);
    let last = first;
    for (let i = 2; i <= 1000; i++) last = buffer.append(i, i * 10);
    expect(first).not.toBe(last);
    expect(first.length).toBe(1);
    expect(first.y[0]).toBe(10);
    expect(last.length).toBe(1000);
    expect(last.x[999]).toBe(1000);
    expect(last.y[499]).toBe(5000);
  });
});

describe('decimateIndices', () => {
  it('keeps every point under the limit', () => {
    expect(decimateIndices(seriesOf([3, 1, 2]), 100)).toEqual([0, 1, 2]);
  });

  it('keeps first, last, and each bucket’s extremes in order, with no more than 2 per bucket', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50));
    values[5000] = 99; // a spike must survive
    values[7000] = -99;
    const series = seriesOf(values);
    const picked = decimateIndices(series, 400);
    expect(picked.length).toBeLessThanOrEqual(2 + 2 * 400);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(9999);
    expect(picked).toContain(5000);
    expect(picked).toContain(7000);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
  });
});
