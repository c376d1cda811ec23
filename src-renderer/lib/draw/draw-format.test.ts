import { describe, expect, it } from 'vitest';
import { MODEL_OPTIONS } from '../training/model-options';
import { anomalyLevel, describePercentile, describeRun, drawableRuns } from './draw-format';

const run = {
  runId: 'r1',
  model: 'vae',
  datasetId: 'mnist',
  status: 'completed',
  latentDim: 2,
  createdAt: '2025-03-03T14:15:00.000Z',
  valLoss: 98.1234,
  checkpointEpoch: 10,
};

describe('drawableRuns', () => {
  it('offers runs with a checkpoint and an encoder only', () => {
    const runs = [run, { ...run, runId: 'fresh', checkpointEpoch: null }, { ...run, runId: 'gan', model: 'dcgan' }];
    expect(drawableRuns(runs).map((r) => r.runId)).toEqual(['r1']);
  });
});

describe('describeRun', () => {
  it('names the model, dataset, date and loss, and the status unless completed', () => {
    const label = MODEL_OPTIONS.find((o) => o.value === 'vae')!.label;
    const text = describeRun(run);
    expect(text.startsWith(`${label} · mnist · Mar `)).toBe(true);
    expect(text).toMatch(/ · Mar \d, 2025, .* · val loss 98\.12$/);
    expect(describeRun({ ...run, status: 'stopped', valLoss: null })).toMatch(/val loss — \(stopped\)$/);
  });

  it('falls back to the raw model name and date text', () => {
    expect(describeRun({ ...run, model: 'unknown-model', createdAt: 'yesterday' })).toBe('unknown-model · mnist · yesterday · val loss 98.12');
  });
});

describe('describePercentile', () => {
  it('rounds down and says all or under 1% at the ends', () => {
    expect(describePercentile(97.8)).toBe('More unusual than 97% of validation digits');
    expect(describePercentile(100)).toBe('More unusual than all validation digits');
    expect(describePercentile(0.2)).toBe('More unusual than under 1% of validation digits');
    expect(describePercentile(NaN)).toBe('Unusualness unknown');
  });

  it('grades the score', () => {
    expect(anomalyLevel(10)).toBe('typical');
    expect(anomalyLevel(80)).toBe('unusual');
    expect(anomalyLevel(95)).toBe('outlier');
  });
});
