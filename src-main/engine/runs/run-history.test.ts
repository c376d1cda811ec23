import { describe, expect, it } from 'vitest';
import { MAX_BATCH_POINTS, historyFromLines } from './run-history';

describe('historyFromLines', () => {
  it('keeps epochs (the later line of a repeated epoch wins), skips bad lines, fills old epoch lines', () => {
    const lines = [
      { kind: 'batch', epoch: 1, batch: 1, step: 1, loss: 0.6, t: 0 },
      { kind: 'epoch', epoch: 1, step: 1, trainLoss: 0.6, valLoss: 0.5, seconds: 1, t: 1 },
      { kind: 'epoch', epoch: 2, step: 2, trainLoss: 0.5, valLoss: 0.45, seconds: 1, t: 2, trainMetrics: { loss: 0.5, kl: 3 }, valMetrics: { loss: 0.45, kl: 2 } },
      { kind: 'batch', step: 'x' },
      { kind: 'epoch', epoch: 2, step: 2, trainLoss: 0.49, valLoss: 0.44, seconds: 1, t: 3 },
    ];
    const history = historyFromLines(lines);
    expect(history.epochs.map((e) => e.valLoss)).toEqual([0.5, 0.44]);
    expect(history.epochs[0]!.valMetrics).toEqual({ loss: 0.5 });
    expect(history.batches).toEqual([[1, 0.6]]);
  });

  it('thins a long batch log to a chartable size, in step order', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => ({ kind: 'batch', step: i + 1, loss: 1 / (i + 1) }));
    const { batches } = historyFromLines(lines);
    expect(batches).toHaveLength(MAX_BATCH_POINTS);
    expect(batches.every((b, i) => i === 0 || b[0] > batches[i - 1]![0])).toBe(true);
  });
});
