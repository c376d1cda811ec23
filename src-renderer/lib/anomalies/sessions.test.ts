// Following scorings and sweeps: events before the reply, progress, scores, cancel, failures.
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import type { AnomalyProgress, AnomalyScoreSet } from '../../../src-main/protocol';
import { JobEvents } from './job-events';
import { ScoringSession } from './scoring-session.svelte';
import type { ScoringApi } from './scoring-session.svelte';
import { SweepSession } from './sweep-session.svelte';
import type { SweepApi } from './sweep-session.svelte';

const scoreSet = (jobId: string): AnomalyScoreSet => ({
  jobId, runId: 'r', datasetId: 'mnist-10k', split: 'val', count: 2, weights: 'checkpoint best (epoch 1)',
  indices: Int32Array.from([0, 5]), labels: Uint8Array.from([1, 2]), bce: Float32Array.from([0.1, 0.2]), mse: Float32Array.from([0.01, 0.02]), negElbo: null, defaultScore: 'bce',
});

/** An event without the fields the fake engine fills in. */
type Body = AnomalyProgress extends infer E ? (E extends unknown ? Omit<E, 'jobId' | 'seq'> : never) : never;

function fakeEngine(early: (jobId: string) => Body[] = () => []) {
  const events = new JobEvents();
  const calls: string[] = [];
  let made = 0;
  let seq = 0;
  const emit = (jobId: string, body: Body) => events.receive({ jobId, seq: seq++, ...body } as AnomalyProgress);
  const api: ScoringApi & SweepApi = {
    startScoring: async ({ runId }) => {
      if (runId === 'gan') throw new WorkbenchError('bad-request', 'A dcgan has no encoder.');
      const jobId = `s${++made}`;
      for (const event of early(jobId)) emit(jobId, event);
      return { jobId, datasetId: 'mnist-10k', count: 2 };
    },
    cancelAnomalyJob: async ({ jobId }) => {
      calls.push(`cancel ${jobId}`);
      return { cancelled: true };
    },
    getScores: async ({ jobId }) => {
      calls.push(`scores ${jobId}`);
      return scoreSet(jobId);
    },
    startSweep: async ({ jobId }) => {
      calls.push(`sweep ${jobId}`);
      return { jobId: `w${++made}`, classes: [1, 2] };
    },
  };
  return { api, events, calls, emit };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ScoringSession', () => {
  it('follows progress (even events sent before the reply) and fetches the scores', async () => {
    const { api, events, calls, emit } = fakeEngine(() => [{ kind: 'progress', done: 1, total: 2 }]);
    const session = new ScoringSession(api, events);
    await session.start('r', 'val');
    expect(session.phase).toBe('scoring');
    expect(session.progress).toEqual({ done: 1, total: 2 });
    emit('s1', { kind: 'finished', status: 'completed', seconds: 0.5 });
    await tick();
    expect(calls).toEqual(['scores s1']);
    expect(session.phase).toBe('finished');
    expect(session.scores?.jobId).toBe('s1');
    expect(session.seconds).toBe(0.5);
    // a finished job is forgotten by the router
    expect(events.following).toBe(0);
  });

  it('cancels, reports failures in words, and ignores a superseded scoring', async () => {
    const { api, events, calls, emit } = fakeEngine();
    const session = new ScoringSession(api, events);
    await session.start('r', 'val');
    await session.cancel();
    emit('s1', { kind: 'finished', status: 'cancelled', message: 'Cancelled.', seconds: 0.1 });
    expect(calls).toEqual(['cancel s1']);
    expect(session.phase).toBe('cancelled');

    await session.start('r', 'all');
    await session.start('r', 'val');
    expect(calls).toEqual(['cancel s1', 'cancel s2']);
    emit('s2', { kind: 'finished', status: 'completed', seconds: 1 });
    await tick();
    expect(session.scores).toBeNull();
    emit('s3', { kind: 'finished', status: 'failed', message: 'The model diverged.', seconds: 1 });
    expect(session.error).toBe('Scoring failed: The model diverged.');

    await session.start('gan', 'val');
    expect(session.phase).toBe('failed');
    expect(session.error).toBe('Could not start scoring: A dcgan has no encoder. (bad-request)');
  });
});

describe('SweepSession', () => {
  it('collects rows as they arrive and stops at the end', async () => {
    const { api, events, emit } = fakeEngine();
    const sweep = new SweepSession(api, events);
    await sweep.start('s0', 'bce');
    expect(sweep.classes).toEqual([1, 2]);
    expect(sweep.running).toBe(true);
    emit('w1', { kind: 'sweep-row', row: { normal: [1], auroc: 0.9, averagePrecision: 0.8, normalCount: 1, anomalousCount: 1 } });
    emit('w1', { kind: 'finished', status: 'completed', seconds: 0.1 });
    expect(sweep.rows.map((r) => r.auroc)).toEqual([0.9]);
    expect(sweep.running).toBe(false);
    sweep.reset();
    expect(sweep.rows).toEqual([]);
  });
});
