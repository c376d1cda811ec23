/** The loss chart's two lines: training loss per batch (or per epoch) and validation loss per epoch. */
import type { ChartLine } from './line-chart-layout';
import { seriesOf } from './series';
import type { Point, SeriesView } from './series';

// the latent bars of the Draw view share the loss chart's ticks
export type { Tick } from './line-chart-layout';

/** Lines of the loss chart; `train` is per batch live, per epoch when reopened from history
 * without batch losses. */
export function lossLines(train: SeriesView, val: readonly Point[], trainPerEpoch = false): ChartLine[] {
  return [
    {
      id: 'train',
      label: trainPerEpoch ? 'Training (epoch mean)' : 'Training (per batch)',
      color: 'var(--series-train)',
      style: trainPerEpoch ? 'epoch' : 'batch',
      points: train,
    },
    { id: 'val', label: 'Validation (per epoch)', color: 'var(--series-val)', style: 'validation', points: seriesOf(val) },
  ];
}
