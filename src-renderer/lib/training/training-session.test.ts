import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../../src-main/protocol';
import { TrainingSession } from './training-session.svelte';
import type { BatchEvent, StartedEvent } from './training-session.svelte';

const config = { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 2, batchSize: 128, learningRate: 0.001, latentDim: 32, seed: 1, beta: 1, klWarmupEpochs: 0, imageAdversarialWeight: 0 } as const;

function started(runId: string, seq = 0): TrainingProgress {
  return { kind: 'started', runId, seq, config, trainCount: 256, valCount: 64, batchesPerEpoch: 2, backend: 'wasm', metricNames: ['loss'], startEpoch: 0 };
}

function batch(runId: string, seq: number, step: number, loss: number): TrainingProgress {
  const epoch = Math.ceil(step / 2);
  const b = step - (epoch - 1) * 2;
  return { kind: 'batch', runId, seq, epoch, batch: b, batchesPerEpoch: 2, epochs: 2, step, loss, metrics: { loss }, samplesPerSec: 1000, etaSec: 65 };
}

function epoch(runId: string, seq: number, e: number, valLoss: number): TrainingProgress {
  return { kind: 'epoch', runId, seq, epoch: e, epochs: 2, step: e * 2, trainLoss: valLoss + 0.01, valLoss, trainMetrics: { loss: valLoss + 0.01 }, valMetrics: { loss: valLoss }, seconds: 1 };
}

function running(runId = 'run-1'): TrainingSession {
  const session = new TrainingSession();
  session.starting();
  session.begin(runId);
  return session;
}

describe('TrainingSession', () => {
  it('moves idle -> starting -> training', () => {
    const session = new TrainingSession();
    expect(session.phase).toBe('idle');
    session.starting();
    expect(session.phase).toBe('starting');
    expect(session.busy).toBe(true);
    session.begin('run-1');
    expect(session.phase).toBe('training');
    expect(session.runId).toBe('run-1');
  });

  it('accumulates batch deltas into the train loss series and progress', () => {
    const session = running();
    session.apply(started('run-1'));
    session.apply(batch('run-1', 1, 1, 0.7));
    session.apply(batch('run-1', 2, 2, 0.5));
    session.apply(batch('run-1', 3, 3, 0.4));
    expect(session.trainLoss.length).toBe(3);
    expect(Array.from(session.trainLoss.y.subarray(0, 3))).toEqual([0.7, 0.5, 0.4]);
    expect(Array.from(session.trainLoss.x.subarray(0, 3))).toEqual([0.5, 1, 1.5]);
    expect(session.progress).toMatchObject({ epoch: 2, epochs: 2, batch: 1, batchesPerEpoch: 2, step: 3, totalSteps: 4, percent: 75, etaSec: 65, samplesPerSec: 1000 });
  });

  it('ignores events of other runs and repeated or stale seq numbers', () => {
    const session = running();
    expect(session.apply(batch('run-1', 5, 1, 0.7))).toBe(true);
    expect(session.apply(batch('run-1', 5, 2, 0.6))).toBe(false);
    expect(session.apply(batch('run-1', 4, 2, 0.6))).toBe(false);
    expect(session.apply(batch('other', 6, 2, 0.6))).toBe(false);
    expect(session.trainLoss.length).toBe(1);
  });

  it('collects epochs as validation points', () => {
    const session = running();
    session.apply(epoch('run-1', 1, 1, 0.2));
    session.apply(epoch('run-1', 2, 2, 0.15));
    expect(session.valLoss).toEqual([
      { x: 1, y: 0.2 },
      { x: 2, y: 0.15 },
    ]);
  });

  it('keeps only the latest reconstructions', () => {
    const session = running();
    const images = new Float32Array(4);
    const recon = (seq: number, e: number): TrainingProgress => ({
      kind: 'reconstructions', runId: 'run-1', seq, epoch: e, count: 1, width: 2, height: 2, originals: images, reconstructions: images,
    });
    session.apply(recon(1, 1));
    session.apply(recon(2, 2));
    expect(session.reconstructions?.epoch).toBe(2);
  });

  it('replays events that arrived before startTraining replied, in seq order', () => {
    const session = new TrainingSession();
    session.starting();
    expect(session.apply(batch('run-1', 2, 1, 0.6))).toBe(false);
    session.apply(started('run-1', 1));
    session.apply(batch('someone-else', 1, 1, 0.9));
    session.begin('run-1');
    expect(session.started?.runId).toBe('run-1');
    expect(session.trainLoss.length).toBe(1);
    expect(session.trainLoss.y[0]).toBe(0.6);
  });

  it('ends as finished when completed or stopped, failed when failed', () => {
    const completed = running();
    completed.apply(started('run-1'));
    completed.apply({ kind: 'finished', runId: 'run-1', seq: 9, status: 'completed', epochsDone: 2, valLoss: 0.12 });
    expect(completed.phase).toBe('finished');
    expect(completed.progress.percent).toBe(100);
    expect(completed.busy).toBe(false);

    const stopped = running();
    stopped.stopping();
    expect(stopped.phase).toBe('stopping');
    stopped.apply({ kind: 'finished', runId: 'run-1', seq: 3, status: 'stopped', message: 'Stopped by you.', epochsDone: 0, valLoss: null });
    expect(stopped.phase).toBe('finished');
    expect(stopped.outcome?.status).toBe('stopped');

    const failed = running();
    failed.apply({ kind: 'finished', runId: 'run-1', seq: 3, status: 'failed', message: 'Out of memory.', epochsDone: 1, valLoss: 0.3 });
    expect(failed.phase).toBe('failed');
    expect(failed.outcome?.message).toBe('Out of memory.');
  });

  it('goes back to idle when the start request fails, and to training when stop fails', () => {
    const session = new TrainingSession();
    session.starting();
    session.startFailed();
    expect(session.phase).toBe('idle');
    const run = running();
    run.stopping();
    run.stopFailed();
    expect(run.phase).toBe('training');
  });

  it('follows a run it did not start, but never while its own is under way', () => {
    const session = new TrainingSession();
    session.follow('elsewhere');
    expect(session.phase).toBe('training');
    expect(session.runId).toBe('elsewhere');
    expect(session.apply(batch('elsewhere', 40, 7, 0.3))).toBe(true);

    const mine = running('mine');
    mine.follow('elsewhere');
    expect(mine.runId).toBe('mine');
  });

  it('reset clears everything, and a new run starts from seq 0 again', () => {
    const session = running();
    session.apply(batch('run-1', 7, 1, 0.5));
    session.reset();
    expect(session.phase).toBe('idle');
    expect(session.trainLoss.length).toBe(0);
    session.starting();
    session.begin('run-2');
    expect(session.apply(batch('run-2', 0, 1, 0.5))).toBe(true);
  });

  it('can lose a run whose finished event never came, and take it back if it reappears', () => {
    const session = running();
    session.lose('gone');
    expect(session.phase).toBe('finished');
    expect(session.busy).toBe(false);
    expect(session.lostMessage).toBe('gone');
    session.follow('run-1');
    expect(session.phase).toBe('training');
    expect(session.lostMessage).toBeNull();
    session.lose('gone again');
    session.apply({ kind: 'finished', runId: 'run-1', seq: 4, status: 'completed', epochsDone: 2, valLoss: 0.1 });
    expect(session.outcome?.status).toBe('completed');
    expect(session.lostMessage).toBeNull();
  });

  it('does not lose a run that is idle or still starting', () => {
    const session = new TrainingSession();
    session.lose('x');
    expect(session.phase).toBe('idle');
    session.starting();
    session.lose('x');
    expect(session.phase).toBe('starting');
  });

  it('keeps every metric per batch and reads metric names from the started event', () => {
    const session = running();
    expect(session.metricNames).toEqual(['loss']);
    session.apply({ ...(started('run-1') as StartedEvent), metricNames: ['loss', 'recon', 'kl'], config: { ...config, model: 'vae' } });
    session.apply({ ...(batch('run-1', 1, 1, 120) as BatchEvent), metrics: { loss: 120, recon: 100, kl: 20 } });
    session.apply({ ...(batch('run-1', 2, 2, 110) as BatchEvent), metrics: { loss: 110, recon: 92, kl: 18 } });
    expect(session.model).toBe('vae');
    expect(session.metricNames).toEqual(['loss', 'recon', 'kl']);
    expect(Object.keys(session.batchMetrics)).toEqual(['recon', 'kl']);
    expect(Array.from(session.batchMetrics['kl']!.y.subarray(0, 2))).toEqual([20, 18]);
    expect(Array.from(session.batchMetrics['kl']!.x.subarray(0, 2))).toEqual([0.5, 1]);
  });

  it('names metrics after its events when the started event was missed', () => {
    const session = new TrainingSession();
    session.follow('elsewhere');
    session.apply({ ...(batch('elsewhere', 9, 3, 0.5) as BatchEvent), metrics: { loss: 0.5, gLoss: 2 } });
    expect(session.metricNames).toEqual(['loss', 'gLoss']);
    expect(session.model).toBeNull();
  });

  it('shows paused while the engine holds the run, and forgets it when the run ends', () => {
    const session = running();
    session.confirmPause('other', true);
    expect(session.viewState).toBe('training');
    session.confirmPause('run-1', true);
    expect(session.viewState).toBe('paused');
    session.apply({ kind: 'paused', runId: 'run-1', seq: 1, paused: false });
    expect(session.viewState).toBe('training');
    session.apply({ kind: 'paused', runId: 'run-1', seq: 2, paused: true });
    expect(session.paused).toBe(true);
    session.apply({ kind: 'finished', runId: 'run-1', seq: 3, status: 'stopped', epochsDone: 0, valLoss: null });
    expect(session.viewState).toBe('finished');
  });

  it('resumes a run: takes its events at once, from a seq below the one it reached before', () => {
    const session = running();
    session.apply(started('run-1', 1));
    session.apply(epoch('run-1', 2, 1, 0.2));
    session.apply({ kind: 'finished', runId: 'run-1', seq: 30, status: 'completed', epochsDone: 2, valLoss: 0.1 });
    session.resume('run-1');
    expect(session.phase).toBe('starting');
    expect(session.epochs).toEqual([]);
    // the checkpoint of epoch 1 was written at seq 3: the resumed run goes on from there
    expect(session.apply({ ...(started('run-1', 4) as StartedEvent), startEpoch: 1, config: { ...config, epochs: 3 } })).toBe(true);
    session.begin('run-1');
    expect(session.phase).toBe('training');
    expect(session.startEpoch).toBe(1);
    session.apply({ ...(batch('run-1', 5, 3, 0.3) as BatchEvent), epochs: 3 });
    expect(session.progress).toMatchObject({ epoch: 2, epochs: 3, step: 3, totalSteps: 6, percent: 50 });
    expect(session.trainLoss.x[0]).toBe(1.5);
  });

  it('follows a run of its own again when it was resumed elsewhere', () => {
    const session = running();
    session.apply({ kind: 'finished', runId: 'run-1', seq: 30, status: 'stopped', epochsDone: 1, valLoss: 0.1 });
    session.follow('run-1');
    expect(session.phase).toBe('training');
    expect(session.outcome).toBeNull();
    expect(session.apply(batch('run-1', 5, 3, 0.3))).toBe(true);
  });
});
