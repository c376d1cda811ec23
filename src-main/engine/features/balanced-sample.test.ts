import { describe, expect, it } from 'vitest';
import { balancedSample, probeSizes } from './balanced-sample';

/** Labels 0..classes-1 in uneven amounts: class c has counts[c] samples, interleaved. */
function labelsOf(counts: number[]): Uint8Array {
  const out: number[] = [];
  for (let round = 0; out.length < counts.reduce((a, b) => a + b); round++) {
    counts.forEach((n, c) => round < n && out.push(c));
  }
  return Uint8Array.from(out);
}

function perClass(labels: Uint8Array, chosen: Int32Array): number[] {
  const counts = [0, 0, 0, 0];
  for (const p of chosen) counts[labels[p]!]!++;
  return counts;
}

describe('balancedSample', () => {
  const labels = labelsOf([50, 40, 30, 3]);

  it('takes the same number from every class (within one), without repeats', () => {
    const chosen = balancedSample(labels, 10, 1);
    expect(chosen).toHaveLength(10);
    const counts = perClass(labels, chosen);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(new Set(chosen).size).toBe(10);
  });

  it('fills from the other classes once a class runs out', () => {
    const counts = perClass(labels, balancedSample(labels, 40, 1));
    expect(counts[3]).toBe(3);
    expect(counts.slice(0, 3).every((n) => n >= 12 && n <= 13)).toBe(true);
    expect(balancedSample(labels, 1000, 1)).toHaveLength(labels.length);
  });

  it('repeats exactly with a seed, differs with another, and nests larger budgets over smaller', () => {
    const a = balancedSample(labels, 20, 5);
    expect(Array.from(balancedSample(labels, 20, 5))).toEqual(Array.from(a));
    expect(Array.from(balancedSample(labels, 20, 6))).not.toEqual(Array.from(a));
    const larger = new Set(balancedSample(labels, 60, 5));
    expect(Array.from(a).every((p) => larger.has(p))).toBe(true);
  });
});

describe('probeSizes', () => {
  it('caps budgets at the labelled samples, adds "all", sorts and drops repeats', () => {
    expect(probeSizes([1000, 10, 100], true, 500)).toEqual([10, 100, 500]);
    expect(probeSizes([10, 10], false, 500)).toEqual([10]);
  });
});
