import { describe, expect, it } from 'vitest';
import { LIMITS, TrainSettings, numberProblem } from './train-settings.svelte';

describe('TrainSettings', () => {
  it('starts from the reference settings', () => {
    const s = new TrainSettings();
    s.chooseDataset(['fashion', 'mnist-10k']);
    expect(s.datasetId).toBe('mnist-10k');
    expect(s.valid).toBe(true);
    expect(s.toConfig()).toEqual({ datasetId: 'mnist-10k', model: 'dense-ae', epochs: 10, batchSize: 128, learningRate: 0.001 });
  });

  it('is invalid without a dataset', () => {
    const s = new TrainSettings();
    s.chooseDataset([]);
    expect(s.valid).toBe(false);
    expect(s.toConfig()).toBeNull();
  });

  it('keeps a chosen dataset that still exists, replaces one that is gone', () => {
    const s = new TrainSettings();
    s.datasetId = 'fashion';
    s.chooseDataset(['fashion', 'mnist-10k']);
    expect(s.datasetId).toBe('fashion');
    s.chooseDataset(['other']);
    expect(s.datasetId).toBe('other');
  });

  it('explains out-of-range, fractional and empty values using the contract’s bounds', () => {
    const s = new TrainSettings();
    s.chooseDataset(['mnist-10k']);
    s.epochs = 0;
    s.batchSize = 12.5;
    s.learningRate = null;
    expect(s.errors.epochs).toBe('Enter a whole number from 1 to 1000.');
    expect(s.errors.batchSize).toBe('Enter a whole number from 1 to 4096.');
    expect(s.errors.learningRate).toBe('Required. Enter a number above 0 and at most 1.');
    expect(s.valid).toBe(false);
  });

  it('reads exclusive and inclusive bounds from the schema', () => {
    expect(LIMITS.learningRate).toMatchObject({ min: 0, max: 1, minExclusive: true, integer: false });
    expect(LIMITS.epochs).toMatchObject({ min: 1, max: 1000, minExclusive: false, integer: true });
    expect(numberProblem(LIMITS.learningRate, 0)).not.toBeNull();
    expect(numberProblem(LIMITS.learningRate, 1)).toBeNull();
    expect(numberProblem(LIMITS.epochs, Number.NaN)).toMatch(/^Required/);
  });
});
