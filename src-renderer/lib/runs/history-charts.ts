/**
 * A reopened run's charts from its recorded history: the same loss chart and metric panels as
 * a live run, with batch losses placed in epochs. Batch steps are global, so one epoch is
 * `step / epoch` batches (read off any epoch line); without an epoch there is no scale, and
 * training is drawn from epoch means only.
 */
import type { RunHistory } from '../../../src-main/protocol';
import { seriesOf } from '../charts/series';
import type { Point, SeriesView } from '../charts/series';
import type { MetricSource } from '../training/metrics';

/** What the run's charts are drawn from. */
export interface HistoryCharts {
  /** training loss per batch, or per epoch when `trainPerEpoch` */
  train: SeriesView;
  trainPerEpoch: boolean;
  val: Point[];
  /** planned or trained epochs, whichever is more */
  epochs: number;
  /** the metric panels' values: epoch means and validation values */
  metrics: MetricSource;
}

/** Batches per epoch of a recorded run, null before its first epoch. */
export function batchesPerEpoch(history: Pick<RunHistory, 'epochs'>): number | null {
  const first = history.epochs.find((e) => e.step > 0);
  return first ? first.step / first.epoch : null;
}

/** The charts of a recorded run. */
export function historyCharts(history: RunHistory): HistoryCharts {
  const perEpoch = batchesPerEpoch(history);
  const trainPerEpoch = perEpoch === null || history.batches.length === 0;
  const train = trainPerEpoch
    ? seriesOf(history.epochs.map((e) => ({ x: e.epoch, y: e.trainLoss })))
    : seriesOf(history.batches.map(([step, loss]) => ({ x: step / perEpoch, y: loss })));
  return {
    train,
    trainPerEpoch,
    val: history.epochs.map((e) => ({ x: e.epoch, y: e.valLoss })),
    epochs: Math.max(1, history.run.config.epochs, history.run.epochsDone),
    metrics: { batch: () => null, epochs: history.epochs },
  };
}
