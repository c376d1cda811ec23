import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../src-main/protocol';
import { bestText, DEFAULT_ORDER, formatDate, modelName, nextOrder, runLabel, sortRuns } from './runs-table';
import { summary } from './test-fixtures';

const runs: RunSummary[] = [
  summary({ runId: 'a', createdAt: '2026-01-02T10:00:00Z', best: { epoch: 2, valLoss: 0.2 } }),
  summary({ runId: 'b', createdAt: '2026-01-03T10:00:00Z', best: null }),
  summary({ runId: 'c', createdAt: '2026-01-01T10:00:00Z', best: { epoch: 5, valLoss: 0.1 } }),
];
const ids = (list: RunSummary[]) => list.map((r) => r.runId);

describe('sortRuns', () => {
  it('sorts by date, newest first by default', () => {
    expect(ids(sortRuns(runs, DEFAULT_ORDER))).toEqual(['b', 'a', 'c']);
    expect(ids(sortRuns(runs, { key: 'date', descending: false }))).toEqual(['c', 'a', 'b']);
  });

  it('sorts by best validation loss, runs without one last in both directions', () => {
    expect(ids(sortRuns(runs, { key: 'best', descending: false }))).toEqual(['c', 'a', 'b']);
    expect(ids(sortRuns(runs, { key: 'best', descending: true }))).toEqual(['a', 'c', 'b']);
  });

  it('flips the same column and starts a new one at its useful end', () => {
    expect(nextOrder(DEFAULT_ORDER, 'date')).toEqual({ key: 'date', descending: false });
    expect(nextOrder(DEFAULT_ORDER, 'best')).toEqual({ key: 'best', descending: false });
    expect(nextOrder({ key: 'best', descending: false }, 'date')).toEqual({ key: 'date', descending: true });
  });
});

describe('run words', () => {
  it('names models without the select’s asides, and formats dates and best losses', () => {
    expect(modelName('vae')).toBe('Variational autoencoder');
    expect(modelName('dcgan')).toBe('DCGAN');
    expect(runLabel({ model: 'dense-ae', runId: 'r1' })).toBe('Dense autoencoder r1');
    expect(formatDate('2026-01-02T10:05:00')).toBe('Jan 2, 2026, 10:05 AM');
    expect(formatDate('soon')).toBe('soon');
    expect(bestText({ best: { epoch: 3, valLoss: 0.120349 } })).toBe('0.1203 (epoch 3)');
    expect(bestText({ best: null })).toBe('—');
  });
});
