import { describe, expect, it } from 'vitest';
import { layoutLossChart, MARGIN } from './loss-chart-layout';
import { EMPTY_SERIES, SeriesBuffer } from './series';
import type { SeriesView } from './series';

function series(points: [number, number][]): SeriesView {
  const buffer = new SeriesBuffer();
  let view = EMPTY_SERIES;
  for (const [x, y] of points) view = buffer.append(x, y);
  return view;
}

const size = { width: 600, height: 300 };

describe('layoutLossChart', () => {
  it('lays out an empty chart without paths', () => {
    const layout = layoutLossChart({ train: EMPTY_SERIES, val: [], epochs: 10, log: false, ...size });
    expect(layout.trainPath).toBe('');
    expect(layout.valPath).toBe('');
    expect(layout.plot).toEqual({ left: MARGIN.left, top: MARGIN.top, width: 600 - MARGIN.left - MARGIN.right, height: 300 - MARGIN.top - MARGIN.bottom });
    expect(layout.xTicks.at(-1)?.value).toBe(10);
  });

  it('draws the train line and val dots inside the plot', () => {
    const train = series([
      [0.5, 0.7],
      [1, 0.3],
      [1.5, 0.2],
    ]);
    const layout = layoutLossChart({ train, val: [{ x: 1, y: 0.25 }], epochs: 2, log: false, ...size });
    expect(layout.trainPath.startsWith('M')).toBe(true);
    expect(layout.valDots).toHaveLength(1);
    const dot = layout.valDots[0]!;
    expect(dot.cx).toBeCloseTo(layout.plot.width / 2);
    expect(dot.cy).toBeGreaterThan(0);
    expect(dot.cy).toBeLessThan(layout.plot.height);
    expect(layout.yTicks.length).toBeGreaterThan(1);
  });

  it('uses a log axis only when every loss is positive', () => {
    const positive = series([
      [0.5, 1],
      [1, 0.01],
    ]);
    const log = layoutLossChart({ train: positive, val: [], epochs: 1, log: true, ...size });
    expect(log.logScale).toBe(true);
    // plain decimals, not SI prefixes like "500m"
    expect(log.yTicks.map((t) => t.label)).toContain('0.1');
    expect(log.yTicks.every((t) => /^[0-9.e+-]+$/.test(t.label))).toBe(true);
    const withZero = series([
      [0.5, 1],
      [1, 0],
    ]);
    expect(layoutLossChart({ train: withZero, val: [], epochs: 1, log: true, ...size }).logScale).toBe(false);
  });

  it('keeps paths short for long runs', () => {
    const points: [number, number][] = Array.from({ length: 20_000 }, (_, i) => [i / 1000, 1 / (i + 1)]);
    const layout = layoutLossChart({ train: series(points), val: [], epochs: 20, log: true, ...size });
    const commands = layout.trainPath.match(/[ML]/g)?.length ?? 0;
    expect(commands).toBeLessThanOrEqual(2 + 2 * layout.plot.width);
  });

  it('handles a single flat point', () => {
    const layout = layoutLossChart({ train: series([[0.1, 0.5]]), val: [], epochs: 1, log: false, ...size });
    expect(layout.yTicks.length).toBeGreaterThan(0);
    expect(layout.trainPath).toMatch(/^M/);
  });
});
