// The Anomalies view's pure parts: histogram bars, threshold counting, curves, defaults.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../src-main/protocol';
import { layoutCurve } from './curve-layout';
import { layoutHistogram } from './score-histogram';
import { availableScores, defaultNormal, formatScore, labelName, presentLabels, scorableRuns } from './score-format';
import { SLIDER_STEPS, countAtOrAbove, quantileThreshold, rankWorstFirst, sliderPosition, sliderRange, sliderThreshold } from './threshold';

const values = Float32Array.from([0.1, 0.9, 0.3, 0.3, 0.7, 0.2]);
const labels = Uint8Array.from([0, 1, 0, 1, 1, 0]);

describe('score histogram', () => {
  const base = { values, labels, bins: 4, threshold: 0.5, width: 400, height: 200 } as const;

  it('stacks each bin’s labels and counts every sample once', () => {
    const layout = layoutHistogram({ ...base, mode: 'stacked' });
    expect(layout.labels).toEqual([0, 1]);
    expect(layout.bars.reduce((s, b) => s + b.count, 0)).toBe(6);
    // in a stacked bin, the second label's bar sits on top of the first
    const byBin = new Map<number, typeof layout.bars>();
    for (const bar of layout.bars) byBin.set(bar.x, [...(byBin.get(bar.x) ?? []), bar]);
    const shared = [...byBin.values()].find((bars) => bars.length === 2)!;
    expect(shared[1]!.y + shared[1]!.height).toBeCloseTo(shared[0]!.y, 6);
    expect(layout.thresholdX).toBeGreaterThan(0);
    expect(layout.thresholdX).toBeLessThan(layout.plot.width);
  });

  it('overlays bars from the axis, hides toggled labels, and handles unlabelled data', () => {
    const overlaid = layoutHistogram({ ...base, mode: 'overlaid' });
    for (const bar of overlaid.bars) expect(bar.y + bar.height).toBeCloseTo(overlaid.plot.height, 6);
    const hidden = layoutHistogram({ ...base, mode: 'stacked', hidden: new Set([1]) });
    expect(hidden.bars.every((b) => b.label === 0)).toBe(true);
    expect(hidden.bars.reduce((s, b) => s + b.count, 0)).toBe(3);
    const unlabelled = layoutHistogram({ ...base, labels: null, mode: 'stacked' });
    expect(unlabelled.labels).toEqual([-1]);
    expect(unlabelled.bars.reduce((s, b) => s + b.count, 0)).toBe(6);
  });
});

describe('threshold', () => {
  const ranked = rankWorstFirst(values);

  it('ranks worst first, ties by position', () => {
    expect(Array.from(ranked)).toEqual([1, 4, 2, 3, 5, 0]);
  });

  it('counts samples at or above a threshold', () => {
    expect(countAtOrAbove(values, ranked, 0.3)).toBe(4);
    expect(countAtOrAbove(values, ranked, 0.31)).toBe(2);
    expect(countAtOrAbove(values, ranked, 1)).toBe(0);
    expect(countAtOrAbove(values, ranked, 0)).toBe(6);
  });

  it('picks quantile thresholds and a slider range over the scores', () => {
    expect(quantileThreshold(values, ranked, 0.8)).toBe(values[4]);
    expect(quantileThreshold(values, ranked, 1)).toBe(values[1]);
    const range = sliderRange(values, ranked);
    expect(range).toEqual({ min: values[0], max: values[1] });
    // the ends are the exact extreme scores: every sample, then only the worst
    expect(countAtOrAbove(values, ranked, sliderThreshold(0, range))).toBe(6);
    expect(countAtOrAbove(values, ranked, sliderThreshold(SLIDER_STEPS, range))).toBe(1);
    expect(sliderThreshold(SLIDER_STEPS / 2, range)).toBeCloseTo(0.5, 6);
    expect(sliderPosition(0.5, range)).toBe(SLIDER_STEPS / 2);
    expect(sliderPosition(5, range)).toBe(SLIDER_STEPS);
  });
});

describe('curves', () => {
  it('draws the curve and the chance line on unit axes', () => {
    const roc = layoutCurve(Float32Array.from([0, 0, 1]), Float32Array.from([0, 1, 1]), null, 240);
    expect(roc.path.startsWith(`M0,${roc.plot.height}`)).toBe(true);
    expect(roc.chance).toEqual({ x1: 0, y1: roc.plot.height, x2: roc.plot.width, y2: 0 });
    const pr = layoutCurve(Float32Array.from([0, 1]), Float32Array.from([1, 0.25]), 0.25, 240);
    expect(pr.chance.y1).toBeCloseTo(roc.plot.height * 0.75, 6);
  });
});

describe('anomaly defaults and words', () => {
  const run = (classes?: number[]) => ({ config: { classes } }) as unknown as RunSummary;

  it('takes the trained classes as normal when the run saw a subset', () => {
    expect(defaultNormal(run([1]), [0, 1, 2])).toEqual([1]);
    expect(defaultNormal(run([1, 7]), [0, 1, 2])).toEqual([1]);
    // trained on everything (or on classes absent here): the first label
    expect(defaultNormal(run(), [0, 1, 2])).toEqual([0]);
    expect(defaultNormal(run([0, 1, 2]), [0, 1, 2])).toEqual([0]);
    expect(defaultNormal(run([1]), [1])).toEqual([]);
  });

  it('lists scores, labels and scorable runs', () => {
    expect(availableScores({ negElbo: null })).toEqual(['bce', 'mse']);
    expect(availableScores({ negElbo: new Float32Array(1) })).toEqual(['elbo', 'bce', 'mse']);
    expect(presentLabels(Uint8Array.from([3, 1, 3]))).toEqual([1, 3]);
    expect(presentLabels(null)).toEqual([]);
    expect(labelName(3, ['a', 'b', 'c', 'Dress'])).toBe('3 · Dress');
    expect(labelName(3, null)).toBe('3');
    // MNIST's class names are the digits themselves
    expect(labelName(3, ['0', '1', '2', '3'])).toBe('3');
    expect(formatScore(0.123456)).toBe('0.1235');
    expect(scorableRuns([{ model: 'dcgan', checkpointEpoch: 1 }, { model: 'vae', checkpointEpoch: null }, { model: 'conv-ae', checkpointEpoch: 2 }])).toEqual([{ model: 'conv-ae', checkpointEpoch: 2 }]);
  });
});
