import { describe, expect, it } from 'vitest';
import { seededRandom } from '../training/random';
import { TRUST_SAMPLE, sampledTrustworthiness, trustSample, trustworthiness } from './trustworthiness';
import { TimeSlicer } from './time-slicer';

describe('trustworthiness', () => {
  it('is 1 for a map that keeps every neighbourhood (the codes themselves, scaled)', () => {
    const random = seededRandom(1);
    const codes = Float32Array.from({ length: 100 }, () => random());
    expect(trustworthiness(codes, 2, codes.map((v) => v * 3), 5)).toBe(1);
  });

  it('counts how far down the true ranking an intruder sits', () => {
    // on a line at 0, 1, 3, 6, 10, 15; the map swaps the two ends
    const codes = Float32Array.from([0, 1, 3, 6, 10, 15]);
    const map = Float32Array.from([15, 0, 1, 0, 3, 0, 6, 0, 10, 0, 0, 0]);
    const value = trustworthiness(codes, 1, map, 1);
    // map neighbour and its true rank: 0 -> 4 (4th), 1 -> 5 (5th), 5 -> 1 (4th), the rest 1st;
    // penalties rank - k: 3 + 4 + 3; n 6, k 1
    expect(value).toBeCloseTo(1 - (2 / (6 * 1 * (12 - 3 - 1))) * 10, 10);
  });

  it('is near 0.5 for a random map and refuses a k it cannot measure', () => {
    const random = seededRandom(3);
    const codes = Float32Array.from({ length: 800 }, () => random());
    const map = Float32Array.from({ length: 800 }, () => random());
    expect(trustworthiness(codes, 2, map, 10)).toBeLessThan(0.6);
    expect(() => trustworthiness(codes, 2, map, 300)).toThrow(/k < count/);
  });
});

describe('sampledTrustworthiness', () => {
  it('scores a sample, deterministically, and is 1 for a perfect map', async () => {
    const random = seededRandom(5);
    const codes = Float32Array.from({ length: 2 * 1500 }, () => random());
    const perfect = await sampledTrustworthiness(codes, 2, codes, 1, new TimeSlicer());
    expect(perfect).toEqual({ value: 1, k: 15, sample: 1000 });
    const noisy = codes.map((v) => v + random() * 0.2);
    const a = await sampledTrustworthiness(codes, 2, noisy, 1, new TimeSlicer());
    expect(a.value).toBeLessThan(1);
    expect(await sampledTrustworthiness(codes, 2, noisy, 1, new TimeSlicer())).toEqual(a);
    // a handful of points: k shrinks to fit
    expect((await sampledTrustworthiness(codes.subarray(0, 16), 2, codes.subarray(0, 16), 1, new TimeSlicer())).value).toBe(1);
  });
});

describe('trustSample', () => {
  it('picks at most TRUST_SAMPLE distinct points, the same ones for the same seed', () => {
    const a = trustSample(5000, 7);
    expect(a.length).toBe(TRUST_SAMPLE);
    expect(new Set(a).size).toBe(TRUST_SAMPLE);
    expect(a.every((i) => i >= 0 && i < 5000)).toBe(true);
    expect(trustSample(5000, 7)).toEqual(a);
    expect(trustSample(5000, 8)).not.toEqual(a);
    expect(trustSample(40, 7).length).toBe(40);
  });
});
