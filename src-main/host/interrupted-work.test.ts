import { describe, expect, it } from 'vitest';
import { InterruptedWork } from './interrupted-work';

describe('InterruptedWork', () => {
  it('closes a projection accepted but not yet heard from, and nothing that already ended', () => {
    let t = 1000;
    const work = new InterruptedWork(() => t);
    work.projectionStarted('p1');
    work.projectionStarted('p2');
    work.observe({ event: 'projectionProgress', payload: { kind: 'finished', projectionId: 'p2', seq: 3, status: 'completed', seconds: 1, quality: null } });
    t = 3500;
    const closing = work.close('signal SIGKILL');
    expect(closing).toEqual([
      {
        event: 'projectionProgress',
        payload: expect.objectContaining({ kind: 'finished', projectionId: 'p1', seq: 1, status: 'failed', seconds: 2.5, quality: null }),
      },
    ]);
    // everything is forgotten once closed
    expect(work.close('again')).toEqual([]);
  });

  it('follows the run from started to finished, ignoring other runs', () => {
    const work = new InterruptedWork();
    const config = { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 3, batchSize: 10, learningRate: 0.001, seed: 1, beta: 1, klWarmupEpochs: 0, imageAdversarialWeight: 0 } as const;
    work.observe({ event: 'trainingProgress', payload: { kind: 'started', runId: 'r', seq: 1, config, trainCount: 8, valCount: 2, batchesPerEpoch: 1, backend: 'wasm', metricNames: ['loss'], startEpoch: 1 } });
    expect(work.activeRunId()).toBe('r');
    work.observe({ event: 'trainingProgress', payload: { kind: 'finished', runId: 'other', seq: 9, status: 'completed', epochsDone: 1, valLoss: 0.1 } });
    expect(work.activeRunId()).toBe('r');
    work.observe({ event: 'trainingProgress', payload: { kind: 'finished', runId: 'r', seq: 2, status: 'stopped', epochsDone: 1, valLoss: 0.1 } });
    expect(work.activeRunId()).toBeNull();
    expect(work.close('signal SIGKILL')).toEqual([]);
  });
});
