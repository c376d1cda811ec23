import { describe, expect, it } from 'vitest';
import { layoutAccuracyCurve } from './accuracy-curve';
import { confusionCells, usedClasses } from './confusion-layout';
import { accuracyRows, describeProbeStage, describeSize } from './probe-format';
import type { ProbeResult } from './probe-session.svelte';
import { layoutUnitHistogram } from './unit-histogram';

const result = (method: ProbeResult['method'], size: number, accuracy: number): ProbeResult =>
  ({ kind: 'result', probeId: 'p', seq: 0, method, size, accuracy, epochs: 1, seconds: 0, classes: 2, confusion: new Int32Array(4) }) as ProbeResult;

describe('the accuracy table', () => {
  it('has a row per method, a cell per budget, pending cells empty and the best per budget marked', () => {
    const rows = accuracyRows(['latent-linear', 'pixels-linear'], [10, 100], [result('latent-linear', 10, 0.6), result('pixels-linear', 10, 0.4)]);
    expect(rows[0]!.cells).toEqual([{ size: 10, accuracy: 0.6, best: true }, { size: 100, accuracy: null, best: false }]);
    expect(rows[1]!.cells[0]).toEqual({ size: 10, accuracy: 0.4, best: false });
    expect(describeSize(8000, 8000)).toBe('8,000 (all)');
    expect(describeProbeStage({ stage: 'training', done: 0, total: 6, method: 'scratch', size: 100 })).toBe('From scratch (encoder-shaped) on 100 labels (1 of 6)');
  });
});

describe('the accuracy curve', () => {
  it('puts budgets on a log axis and accuracy on 0..1, a line per method in budget order', () => {
    const layout = layoutAccuracyCurve({
      methods: ['latent-linear'],
      sizes: [10, 100, 1000],
      results: [result('latent-linear', 1000, 0.9), result('latent-linear', 10, 0.5), result('latent-linear', 100, 0.8)],
      classes: 10,
      width: 564,
      height: 250,
    });
    const dots = layout.lines[0]!.dots;
    expect(dots.map((d) => d.size)).toEqual([10, 100, 1000]);
    // equal steps on a log axis: 10 -> 100 as wide as 100 -> 1000
    expect(dots[1]!.cx - dots[0]!.cx).toBeCloseTo(dots[2]!.cx - dots[1]!.cx, 6);
    expect(dots[0]!.cy).toBeCloseTo(layout.plot.height / 2, 6);
    expect(layout.chance).toBeCloseTo(layout.plot.height * 0.9, 6);
    expect(layout.xTicks.map((t) => t.label)).toEqual(['10', '100', '1,000']);
    expect(layout.lines[0]!.path.startsWith('M')).toBe(true);
  });
});

describe('the confusion matrix', () => {
  it('shades each cell by its share of the true class and skips classes that never occur', () => {
    // 3 classes, class 1 absent: class 0 -> 3 right, 1 as class 2; class 2 -> 2 right
    const confusion = Int32Array.from([3, 0, 1, 0, 0, 0, 0, 0, 2]);
    const cells = confusionCells(confusion, 3);
    expect(cells[0]).toMatchObject({ truth: 0, predicted: 0, count: 3, share: 0.75, ink: 'light' });
    expect(cells[2]).toMatchObject({ truth: 0, predicted: 2, count: 1, share: 0.25, ink: 'dark' });
    expect(cells[4]).toMatchObject({ share: 0 });
    expect(cells[0]!.fill).not.toBe(cells[2]!.fill);
    expect(usedClasses(confusion, 3)).toEqual([0, 2]);
  });
});

describe('the unit histogram', () => {
  it('stacks each bin by label to the bin total', () => {
    const layout = layoutUnitHistogram({ min: 0, max: 1, bins: 2, labels: [3, 7], histogram: Int32Array.from([2, 0, 1, 4]) }, 250, 136);
    // bin 0: label 3 (2) under label 7 (1); bin 1: label 7 alone (4)
    expect(layout.bars.map((b) => [b.label, b.count])).toEqual([[3, 2], [7, 1], [7, 4]]);
    const [a, b] = layout.bars;
    expect(a!.y).toBeCloseTo(b!.y + b!.height, 6);
    expect(layout.bars[2]!.height).toBeGreaterThan(a!.height + b!.height);
  });
});
