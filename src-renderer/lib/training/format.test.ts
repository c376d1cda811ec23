import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatLoss } from './format';

describe('formats', () => {
  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65.4)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(Number.NaN)).toBe('0:00');
  });

  it('groups thousands and rounds', () => {
    expect(formatCount(5812.4)).toBe('5,812');
  });

  it('shows losses to four significant digits', () => {
    expect(formatLoss(0.120349)).toBe('0.1203');
    expect(formatLoss(125.74)).toBe('125.7');
    expect(formatLoss(null)).toBe('—');
  });
});
