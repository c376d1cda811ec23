/** Runs as the engine lists them, for the Runs tests: defaults plus what a test cares about. */
import type { RunHistory, RunSummary } from '../../../src-main/protocol';

/** A completed one-epoch dense AE run, overridden by `fields`. */
export function summary(fields: Partial<RunSummary> = {}): RunSummary {
  const model = fields.model ?? 'dense-ae';
  return {
    runId: 'run-1',
    model,
    datasetId: 'mnist-10k',
    status: 'completed',
    createdAt: '2026-01-02T10:00:00Z',
    updatedAt: '2026-01-02T10:01:00Z',
    config: { datasetId: 'mnist-10k', model, epochs: 1, batchSize: 128, learningRate: 0.001, seed: 1, beta: 1, klWarmupEpochs: 0, imageAdversarialWeight: 0 },
    latentDim: 32,
    epochsDone: 1,
    valLoss: 0.2,
    best: { epoch: 1, valLoss: 0.2 },
    checkpointEpoch: 1,
    ...fields,
  };
}

/** The history of `run`: one epoch per validation loss given, 10 batches per epoch. */
export function history(run: RunSummary, valLosses: readonly number[]): RunHistory {
  return {
    run,
    epochs: valLosses.map((valLoss, i) => ({
      epoch: i + 1,
      step: (i + 1) * 10,
      trainLoss: valLoss + 0.01,
      valLoss,
      trainMetrics: { loss: valLoss + 0.01 },
      valMetrics: { loss: valLoss },
      seconds: 1,
    })),
    batches: valLosses.flatMap((v, i) => [[i * 10 + 5, v + 0.05] as [number, number], [(i + 1) * 10, v + 0.02] as [number, number]]),
  };
}
