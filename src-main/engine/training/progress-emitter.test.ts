import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../protocol';
import { ProgressEmitter } from './progress-emitter';

const batch = { kind: 'batch', epoch: 1, batch: 1, batchesPerEpoch: 10, epochs: 1, step: 1, loss: 0.5, metrics: { loss: 0.5 }, samplesPerSec: 1, etaSec: 1 } as const;

describe('ProgressEmitter', () => {
  it('sends at most one batch event per interval, numbered in order, and never drops epoch events', () => {
    let t = 0;
    const sent: TrainingProgress[] = [];
    const emitter = new ProgressEmitter('run', (e) => sent.push(e), () => t, 50);
    // 1000 batches at 1 ms each: a second of training
    for (let i = 0; i < 1000; i++) {
      emitter.emit(batch);
      t += 1;
    }
    emitter.emit({ kind: 'epoch', epoch: 1, epochs: 1, step: 1000, trainLoss: 0.5, valLoss: 0.4, trainMetrics: { loss: 0.5 }, valMetrics: { loss: 0.4 }, seconds: 1 });
    const batches = sent.filter((e) => e.kind === 'batch');
    expect(batches.length).toBe(20);
    expect(sent.at(-1)!.kind).toBe('epoch');
    expect(sent.map((e) => e.seq)).toEqual(sent.map((_, i) => i + 1));
    expect(sent.every((e) => e.runId === 'run')).toBe(true);
  });

  it('sends a forced batch event inside the throttle window', () => {
    const sent: TrainingProgress[] = [];
    const emitter = new ProgressEmitter('run', (e) => sent.push(e), () => 0, 50);
    emitter.emit(batch);
    emitter.emit(batch);
    emitter.emit({ ...batch, batch: 10 }, true);
    expect(sent.map((e) => (e.kind === 'batch' ? e.batch : 0))).toEqual([1, 10]);
  });
});
