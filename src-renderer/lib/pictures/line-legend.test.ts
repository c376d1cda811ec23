import { describe, expect, it } from 'vitest';
import { lineLegend } from './line-legend';

describe('lineLegend', () => {
  it('keeps labels and colours and dashes the epoch means, as the chart draws them', () => {
    const legend = lineLegend([
      { label: 'Training (epoch mean)', color: 'var(--series-train)', style: 'epoch' },
      { label: 'Validation (per epoch)', color: 'var(--series-val)', style: 'validation' },
    ]);
    expect(legend).toEqual([
      { label: 'Training (epoch mean)', color: 'var(--series-train)', dashed: true },
      { label: 'Validation (per epoch)', color: 'var(--series-val)', dashed: false },
    ]);
  });
});
