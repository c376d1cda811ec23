import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import type { MethodParams, ProbeProgress } from '../../../src-main/protocol';
import { ProbeSession } from './probe-session.svelte';
import type { ProbeApi } from './probe-session.svelte';

/** An engine whose events the test sends by hand; `early` events go out before the reply. */
function fakeEngine(early: (id: string) => Array<Record<string, unknown>> = () => []) {
  let listener: ((e: ProbeProgress) => void) | null = null;
  const calls: string[] = [];
  let made = 0;
  let seq = 0;
  const emit = (probeId: string, body: Record<string, unknown>) => listener?.({ probeId, seq: seq++, ...body } as ProbeProgress);
  const api: ProbeApi = {
    startProbe: async (params: MethodParams<'startProbe'>) => {
      if (params.runId === 'broken') throw new WorkbenchError('bad-request', 'A dcgan run has no encoder.');
      const probeId = `p${++made}`;
      for (const body of early(probeId)) emit(probeId, body);
      return { probeId, sizes: [10, 100], methods: ['latent-linear', 'pixels-linear', 'scratch'], trainCount: 8000, valCount: 2000, classes: 10 };
    },
    cancelProbe: async ({ probeId }) => {
      calls.push(`cancel ${probeId}`);
      return { cancelled: true };
    },
    onProbeProgress: (l) => {
      listener = l;
      return () => (listener = null);
    },
  };
  return { api, calls, emit };
}

const result = (method: string, size: number, accuracy: number) => ({ kind: 'result', method, size, accuracy, epochs: 3, seconds: 0.1, classes: 2, confusion: Int32Array.from([1, 0, 0, 1]) });

describe('ProbeSession', () => {
  it('follows a probe from encoding through training to its results and end', async () => {
    const engine = fakeEngine();
    const session = new ProbeSession(engine.api);
    expect(session.phase).toBe('idle');
    const starting = session.start({ runId: 'r' });
    expect(session.phase).toBe('starting');
    await starting;
    expect(session.phase).toBe('encoding');
    engine.emit('p1', { kind: 'stage', stage: 'encoding', done: 5000, total: 10000 });
    expect(session.fraction).toBeCloseTo(0.05);
    engine.emit('p1', { kind: 'stage', stage: 'training', done: 3, total: 6, method: 'scratch', size: 100 });
    expect(session.phase).toBe('training');
    expect(session.fraction).toBeCloseTo(0.55);
    engine.emit('p1', { kind: 'stage', stage: 'training', done: 3, total: 6, method: 'scratch', size: 100, epoch: 10, epochs: 20 });
    expect(session.fraction).toBeCloseTo(0.1 + 0.9 * (3.5 / 6));
    engine.emit('p1', result('latent-linear', 10, 0.7));
    engine.emit('p2', result('latent-linear', 10, 0.1)); // another probe's: ignored
    engine.emit('p1', { kind: 'finished', status: 'completed', seconds: 4 });
    expect(session.phase).toBe('finished');
    expect(session.busy).toBe(false);
    expect(session.results.map((r) => r.accuracy)).toEqual([0.7]);
  });

  it('keeps events that arrive before the reply, and says why a start failed', async () => {
    const engine = fakeEngine(() => [result('scratch', 10, 0.5)]);
    const session = new ProbeSession(engine.api);
    await session.start({ runId: 'r' });
    expect(session.results).toHaveLength(1);
    await session.start({ runId: 'broken' });
    expect(session.phase).toBe('failed');
    expect(session.error).toBe('Could not start the experiment: A dcgan run has no encoder. (bad-request)');
  });

  it('cancels the running probe only', async () => {
    const engine = fakeEngine();
    const session = new ProbeSession(engine.api);
    await session.cancel();
    expect(engine.calls).toEqual([]);
    await session.start({ runId: 'r' });
    await session.cancel();
    expect(engine.calls).toEqual(['cancel p1']);
    engine.emit('p1', { kind: 'finished', status: 'cancelled', message: 'Cancelled.', seconds: 1 });
    expect(session.phase).toBe('cancelled');
  });
});
