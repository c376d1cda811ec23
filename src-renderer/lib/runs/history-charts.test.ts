import { describe, expect, it } from 'vitest';
import { batchesPerEpoch, historyCharts } from './history-charts';
import { history, summary } from './test-fixtures';

describe('historyCharts', () => {
  it('places batch losses in epochs using the steps of an epoch', () => {
    const charts = historyCharts(history(summary({ config: { ...summary().config, epochs: 4 } }), [0.3, 0.2]));
    expect(charts.trainPerEpoch).toBe(false);
    expect(Array.from(charts.train.x)).toEqual([0.5, 1, 1.5, 2]);
    expect(charts.val).toEqual([
      { x: 1, y: 0.3 },
      { x: 2, y: 0.2 },
    ]);
    expect(charts.epochs).toBe(4);
    expect(charts.metrics.epochs).toHaveLength(2);
    expect(charts.metrics.batch('loss')).toBeNull();
  });

  it('falls back to epoch means without batch losses, and has no scale before the first epoch', () => {
    const recorded = history(summary(), [0.3]);
    const charts = historyCharts({ ...recorded, batches: [] });
    expect(charts.trainPerEpoch).toBe(true);
    expect(Array.from(charts.train.y)).toEqual([0.31]);
    expect(batchesPerEpoch({ epochs: [] })).toBeNull();
    expect(historyCharts({ ...recorded, epochs: [] }).train.length).toBe(0);
  });
});
