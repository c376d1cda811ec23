import { describe, expect, it } from 'vitest';
import { layoutLineChart, MARGIN } from './line-chart-layout';
import type { ChartLine, LineChartInput } from './line-chart-layout';
import { lossLines } from './loss-chart-layout';
import { EMPTY_SERIES, SeriesBuffer, seriesOf } from './series';
import type { SeriesView } from './series';

function series(points: [number, number][]): SeriesView {
  const buffer = new SeriesBuffer();
  let view = EMPTY_SERIES;
  for (const [x, y] of points) view = buffer.append(x, y);
  return view;
}

const base: Omit<LineChartInput, 'lines'> = { xFrom: 0, xTo: 10, yDomain: null, log: false, width: 600, height: 300 };
const line = (points: SeriesView, style: ChartLine['style'] = 'batch'): ChartLine => ({ id: style, label: style, color: 'red', style, points });

describe('layoutLineChart', () => {
  it('lays out an empty chart without paths', () => {
    const layout = layoutLineChart({ ...base, lines: lossLines(EMPTY_SERIES, []) });
    expect(layout.lines.map((l) => l.path)).toEqual(['', '']);
    expect(layout.plot).toEqual({ left: MARGIN.left, top: MARGIN.top, width: 600 - MARGIN.left - MARGIN.right, height: 300 - MARGIN.top - MARGIN.bottom });
    expect(layout.xTicks.at(-1)?.value).toBe(10);
  });

  it('draws the train line and val dots inside the plot', () => {
    const train = series([
      [0.5, 0.7],
      [1, 0.3],
      [1.5, 0.2],
    ]);
    const layout = layoutLineChart({ ...base, xTo: 2, lines: lossLines(train, [{ x: 1, y: 0.25 }]) });
    const [trainLine, valLine] = layout.lines;
    expect(trainLine!.path.startsWith('M')).toBe(true);
    expect(trainLine!.dots).toHaveLength(0);
    expect(valLine!.dots).toHaveLength(1);
    const dot = valLine!.dots[0]!;
    expect(dot.cx).toBeCloseTo(layout.plot.width / 2);
    expect(dot.cy).toBeGreaterThan(0);
    expect(dot.cy).toBeLessThan(layout.plot.height);
    expect(layout.yTicks.length).toBeGreaterThan(1);
  });

  it('marks epoch means too, so a one-epoch run shows its training value', () => {
    const layout = layoutLineChart({ ...base, lines: [line(seriesOf([{ x: 1, y: 0.3 }]), 'epoch')] });
    expect(layout.lines[0]!.dots).toHaveLength(1);
  });

  it('starts the x axis where a resumed run took up again', () => {
    const layout = layoutLineChart({ ...base, xFrom: 3, xTo: 5, lines: [line(series([[3.5, 1]]))] });
    expect(layout.xTicks[0]?.value).toBe(3);
    expect(layout.xTicks.at(-1)?.value).toBe(5);
  });

  it('widens the x axis when data runs past the planned epochs', () => {
    const layout = layoutLineChart({ ...base, xTo: 2, lines: [line(series([[4, 1]]))] });
    expect(layout.xTicks.at(-1)?.value).toBe(4);
  });

  it('keeps a fixed y range exact, and refuses a log axis on it', () => {
    const layout = layoutLineChart({ ...base, yDomain: [0, 1], log: true, lines: [line(series([[1, 0.4], [2, 0.6]]))] });
    expect(layout.logScale).toBe(false);
    expect(layout.yTicks[0]?.value).toBe(0);
    expect(layout.yTicks.at(-1)?.value).toBe(1);
  });

  it('uses a log axis only when every value is positive', () => {
    const positive = series([
      [0.5, 1],
      [1, 0.01],
    ]);
    const log = layoutLineChart({ ...base, xTo: 1, log: true, lines: [line(positive)] });
    expect(log.logScale).toBe(true);
    // plain decimals, not SI prefixes like "500m"
    expect(log.yTicks.map((t) => t.label)).toContain('0.1');
    expect(log.yTicks.every((t) => /^[0-9.e+-]+$/.test(t.label))).toBe(true);
    const withZero = series([
      [0.5, 1],
      [1, 0],
    ]);
    expect(layoutLineChart({ ...base, log: true, lines: [line(withZero)] }).logScale).toBe(false);
  });

  it('keeps paths short for long runs, and drops dots that would merge', () => {
    const points: [number, number][] = Array.from({ length: 20_000 }, (_, i) => [i / 1000, 1 / (i + 1)]);
    const layout = layoutLineChart({ ...base, xTo: 20, log: true, lines: [line(series(points)), line(series(points), 'validation')] });
    const commands = layout.lines[0]!.path.match(/[ML]/g)?.length ?? 0;
    expect(commands).toBeLessThanOrEqual(2 + 2 * layout.plot.width);
    expect(layout.lines[1]!.dots).toHaveLength(0);
  });

  it('handles a single flat point, and skips values that are not finite', () => {
    const layout = layoutLineChart({ ...base, xTo: 1, lines: [line(seriesOf([{ x: 0.1, y: 0.5 }, { x: 0.2, y: Number.NaN }]))] });
    expect(layout.yTicks.length).toBeGreaterThan(0);
    expect(layout.lines[0]!.path).toMatch(/^M[^M]*$/);
  });
});

describe('seriesOf', () => {
  it('copies points into a view', () => {
    const view = seriesOf([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    expect(view.length).toBe(2);
    expect(Array.from(view.x)).toEqual([1, 3]);
    expect(seriesOf([])).toBe(EMPTY_SERIES);
  });
});
