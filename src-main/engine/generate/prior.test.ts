import { describe, expect, it } from 'vitest';
import { priorCodes } from './prior';

describe('priorCodes', () => {
  it('repeats for a seed and differs between seeds', () => {
    expect(priorCodes(4, 8, 7)).toEqual(priorCodes(4, 8, 7));
    expect(priorCodes(4, 8, 7)).not.toEqual(priorCodes(4, 8, 8));
  });

  it('draws standard normal values, scaled by the temperature', () => {
    const codes = priorCodes(2000, 10, 3);
    let sum = 0;
    let squares = 0;
    for (const v of codes) {
      sum += v;
      squares += v * v;
    }
    const mean = sum / codes.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(squares / codes.length - mean * mean).toBeCloseTo(1, 1);
    const cooler = priorCodes(2000, 10, 3, 0.5);
    expect(cooler[5]).toBeCloseTo(codes[5]! * 0.5, 6);
    expect(priorCodes(1, 3, 3, 0).every((v) => v === 0)).toBe(true);
  });

  it('fills odd lengths', () => {
    const codes = priorCodes(1, 5, 1);
    expect(codes).toHaveLength(5);
    expect(Number.isFinite(codes[4]!)).toBe(true);
  });
});
