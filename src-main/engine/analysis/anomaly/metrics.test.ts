// AUROC, average precision and the curves against hand-computed cases and brute force.
import { describe, expect, it } from 'vitest';
import { anomalyTargets, auroc, averagePrecision, precisionRecallCurve, rocCurve } from './metrics';

/** P(anomaly scores above a normal sample), ties one half, by counting every pair. */
function pairCountAuroc(scores: number[], targets: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (!targets[i]) return;
    scores.forEach((n, j) => {
      if (targets[j]) return;
      pairs++;
      wins += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

/** Average precision straight from its definition: for each distinct threshold, highest
 * first, count what is flagged at or above it. */
function definitionAveragePrecision(scores: number[], targets: number[]): number {
  const positives = targets.filter(Boolean).length;
  let previousRecall = 0;
  let sum = 0;
  for (const t of [...new Set(scores)].sort((a, b) => b - a)) {
    const flagged = scores.map((s, i) => (s >= t ? i : -1)).filter((i) => i >= 0);
    const tp = flagged.filter((i) => targets[i]).length;
    sum += (tp / positives - previousRecall) * (tp / flagged.length);
    previousRecall = tp / positives;
  }
  return sum;
}

function trapezoid(x: Float32Array, y: Float32Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}

/** A small seeded generator, so the random cases repeat. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('anomaly metrics', () => {
  it('match scikit-learn on its documented example', () => {
    const scores = [0.1, 0.4, 0.35, 0.8];
    const targets = [0, 0, 1, 1];
    expect(auroc(scores, targets)).toBeCloseTo(0.75, 12);
    // (0.5 - 0) * 1 + (1 - 0.5) * 2/3
    expect(averagePrecision(scores, targets)).toBeCloseTo(5 / 6, 12);
    const roc = rocCurve(scores, targets);
    expect(Array.from(roc.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(roc.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(roc.thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1].map(Math.fround));
    const pr = precisionRecallCurve(scores, targets);
    expect(Array.from(pr.recall)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(Array.from(pr.precision)).toEqual([1, 1, 0.5, 2 / 3, 0.5].map(Math.fround));
  });

  it('count ties as one half and take a tied threshold as one step', () => {
    // pairs (anomaly, normal): (1,1) tie, (1,2) loss, (2,1) win, (2,2) tie -> 2/4
    expect(auroc([1, 1, 2, 2], [0, 1, 0, 1])).toBe(0.5);
    expect(averagePrecision([1, 1, 2, 2], [0, 1, 0, 1])).toBe(0.5);
    // anomalies 0.5 and 0.9, normals 0.5 and 0.1: 0.5 + 1 + 1 + 1 of 4 pairs
    expect(auroc([0.5, 0.5, 0.9, 0.1], [1, 0, 1, 0])).toBe(0.875);
    // 0.9 flags one anomaly (P 1, R 1/2); 0.5 flags both and a normal (P 2/3, R 1)
    expect(averagePrecision([0.5, 0.5, 0.9, 0.1], [1, 0, 1, 0])).toBeCloseTo(0.5 + 1 / 3, 12);
    expect(rocCurve([0.5, 0.5, 0.9, 0.1], [1, 0, 1, 0]).fpr).toHaveLength(4);
  });

  it('give 0.5 when every score is equal, 1 when perfect, 0 when reversed', () => {
    const targets = [0, 1, 0, 0, 1];
    expect(auroc([3, 3, 3, 3, 3], targets)).toBe(0.5);
    // one threshold flags everything: precision = the share of anomalies
    expect(averagePrecision([3, 3, 3, 3, 3], targets)).toBeCloseTo(2 / 5, 12);
    expect(auroc([0, 9, 1, 2, 8], targets)).toBe(1);
    expect(averagePrecision([0, 9, 1, 2, 8], targets)).toBe(1);
    expect(auroc([9, 0, 8, 7, 1], targets)).toBe(0);
  });

  it('agree with pair counting, the definition of AP and the ROC area on random data with ties', () => {
    const random = lcg(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 5 + Math.floor(random() * 200);
      // few distinct values: many ties
      const scores = Array.from({ length: n }, () => Math.round(random() * 20) / 4);
      const targets = scores.map((s) => (random() < 0.15 + s / 10 ? 1 : 0));
      targets[0] = 0;
      targets[1] = 1;
      const area = auroc(scores, targets);
      expect(area).toBeCloseTo(pairCountAuroc(scores, targets), 10);
      const roc = rocCurve(scores, targets);
      expect(trapezoid(roc.fpr, roc.tpr)).toBeCloseTo(area, 5);
      expect(averagePrecision(scores, targets)).toBeCloseTo(definitionAveragePrecision(scores, targets), 10);
      const pr = precisionRecallCurve(scores, targets);
      expect(pr.recall.at(-1)).toBe(1);
      expect(roc.fpr.at(-1)).toBe(1);
    }
  });

  it('refuse NaN scores and single-group targets', () => {
    expect(() => auroc([0.1, Number.NaN], [0, 1])).toThrow(/Sample 1's score is NaN/);
    expect(() => auroc([0.1, 0.2], [1, 1])).toThrow(/at least one normal and one anomalous/);
  });

  it('label anomalies as every class outside the normal ones, with clear errors', () => {
    expect(Array.from(anomalyTargets([0, 1, 2, 1, 7], [1, 7], 'the test set'))).toEqual([1, 0, 1, 0, 0]);
    expect(() => anomalyTargets(null, [1], 'the test set')).toThrow('There are no labels in the test set, so normal and anomalous samples cannot be told apart.');
    expect(() => anomalyTargets([0, 2], [1], 'the test set')).toThrow('No sample of the test set has a normal label [1].');
    expect(() => anomalyTargets([1, 1], [1], 'the test set')).toThrow(/Every sample of the test set has a normal label \[1\], so there is no anomaly/);
  });
});
