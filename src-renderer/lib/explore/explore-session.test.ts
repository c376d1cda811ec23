import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import type { MethodParams, ProjectionPoints, ProjectionProgress } from '../../../src-main/protocol';
import { ExploreSession } from './explore-session.svelte';
import type { ExploreApi } from './explore-session.svelte';

const points = (projectionId: string): ProjectionPoints => ({
  projectionId, runId: 'r', datasetId: 'mnist-10k', split: 'validation', method: 'umap', count: 2, total: 2, dim: 2, generative: false,
  indices: Int32Array.from([0, 5]), labels: Uint8Array.from([1, 2]), errors: Float32Array.from([0.1, 0.2]), codes: new Float32Array(4),
});

/** An engine whose events the test sends by hand; `early` events go out before the reply. */
function fakeEngine(early: (id: string) => ProjectionProgress[] = () => []) {
  let listener: ((e: ProjectionProgress) => void) | null = null;
  const calls: string[] = [];
  const starts: Array<MethodParams<'startProjection'>> = [];
  let made = 0;
  const api: ExploreApi = {
    startProjection: async (params: MethodParams<'startProjection'>) => {
      starts.push(params);
      if (params.runId === 'broken') throw new WorkbenchError('not-found', 'No such run.');
      // run "kept" has a UMAP map kept with it; the others none
      if (params.kept === 'latest' && params.runId !== 'kept') throw new WorkbenchError('not-found', 'No map is kept for this run yet.');
      const projectionId = `p${++made}`;
      for (const event of early(projectionId)) listener?.(event);
      const kept = params.kept === 'latest' ? keptInfo : null;
      return { projectionId, count: 2, total: 2, kept };
    },
    cancelProjection: async ({ projectionId }) => {
      calls.push(`cancel ${projectionId}`);
      return { cancelled: true };
    },
    getProjectionPoints: async ({ projectionId }) => {
      calls.push(`points ${projectionId}`);
      return points(projectionId);
    },
    onProjectionProgress: (l) => {
      listener = l;
      return () => (listener = null);
    },
  };
  let seq = 0;
  const emit = (projectionId: string, body: Record<string, unknown>) => listener?.({ projectionId, seq: seq++, ...body } as ProjectionProgress);
  return { api, calls, starts, emit };
}

const keptInfo = {
  split: 'both', method: 'umap', umap: { nNeighbors: 30, minDist: 0.2, metric: 'cosine' }, maxPoints: 5000, seed: 2,
  weights: 'checkpoint best (epoch 1)', savedAt: '2026-11-27T07:00:00.000Z', stale: true,
} as const;

const settle = () => new Promise((r) => setTimeout(r, 0));
const layout = (epoch: number) => ({ kind: 'layout', epoch, epochs: 10, count: 2, coords: Float32Array.from([0, 0, 1, epoch]), varianceExplained: null });

describe('ExploreSession', () => {
  it('follows a projection from its stages to a finished map with its points', async () => {
    const engine = fakeEngine();
    const session = new ExploreSession(engine.api);
    expect(session.phase).toBe('idle');
    const starting = session.start({ runId: 'r', method: 'umap' });
    expect(session.phase).toBe('starting');
    await starting;
    expect(session.size).toEqual({ count: 2, total: 2 });
    engine.emit('p1', { kind: 'stage', stage: 'encoding', done: 1, total: 2 });
    expect(session.phase).toBe('encoding');
    expect(session.busy).toBe(true);
    engine.emit('p1', { kind: 'encoded', count: 2, dim: 2 });
    await settle();
    expect(engine.calls).toEqual(['points p1']);
    expect(session.phase).toBe('projecting');
    engine.emit('p1', layout(4));
    expect(session.layout?.epoch).toBe(4);
    engine.emit('p1', layout(10));
    engine.emit('p1', { kind: 'finished', status: 'completed', seconds: 1.5, quality: null });
    expect(session.phase).toBe('finished');
    expect(session.busy).toBe(false);
    expect(session.layout?.coords[3]).toBe(10);
  });

  it('keeps events that arrive before the reply, and ignores older projections', async () => {
    const engine = fakeEngine((id) => [{ projectionId: id, seq: 0, kind: 'stage', stage: 'encoding', done: 0, total: 2 }]);
    const session = new ExploreSession(engine.api);
    await session.start({ runId: 'r' });
    expect(session.stage).toEqual({ stage: 'encoding', done: 0, total: 2 });
    await session.start({ runId: 'r' });
    engine.emit('p1', layout(3));
    expect(session.layout).toBeNull();
    engine.emit('p2', layout(3));
    expect(session.layout?.epoch).toBe(3);
  });

  it('cancels, and reports failures in words', async () => {
    const engine = fakeEngine();
    const session = new ExploreSession(engine.api);
    await session.start({ runId: 'r' });
    await session.cancel();
    expect(engine.calls).toEqual(['cancel p1']);
    engine.emit('p1', { kind: 'finished', status: 'cancelled', message: 'Cancelled.', seconds: 0.2, quality: null });
    expect(session.phase).toBe('cancelled');

    await session.start({ runId: 'r' });
    engine.emit('p2', { kind: 'finished', status: 'failed', message: 'The projection failed: boom', seconds: 0.2, quality: null });
    expect(session.phase).toBe('failed');

    await session.start({ runId: 'r' });
    session.abandon('The engine restarted.');
    expect(session.phase).toBe('failed');
    session.abandon('ignored once it has ended');
    expect(session.error).toBe('The engine restarted.');

    await session.start({ runId: 'broken' });
    expect(session.phase).toBe('failed');
    expect(session.error).toBe('Could not start the projection: No such run. (not-found)');
  });

  it('shows the kept map of a run, stays idle for a run without one, and recomputes with the kept settings', async () => {
    const engine = fakeEngine();
    const session = new ExploreSession(engine.api);
    await session.showKept('plain');
    expect(session.phase).toBe('idle');
    expect(session.error).toBeNull();

    await session.showKept('kept');
    expect(session.kept).toEqual(keptInfo);
    engine.emit('p1', { kind: 'encoded', count: 2, dim: 2 });
    engine.emit('p1', layout(10));
    engine.emit('p1', { kind: 'finished', status: 'completed', seconds: 0, quality: null });
    await settle();
    expect(session.phase).toBe('finished');

    await session.recompute();
    expect(engine.starts.at(-1)).toEqual({ runId: 'kept', kept: 'refit', split: 'both', method: 'umap', umap: keptInfo.umap, maxPoints: 5000, seed: 2 });
    expect(session.kept).toBeNull();
    expect(session.phase).toBe('encoding');
  });

  it('keeps the map on screen when a new projection is refused', async () => {
    const engine = fakeEngine();
    const session = new ExploreSession(engine.api);
    await session.start({ runId: 'r' });
    engine.emit('p1', { kind: 'encoded', count: 2, dim: 2 });
    engine.emit('p1', layout(10));
    engine.emit('p1', { kind: 'finished', status: 'completed', seconds: 1, quality: null });
    await settle();
    const shown = session.points;
    await session.start({ runId: 'broken' });
    expect(session.points).toBe(shown);
    expect(session.projectionId).toBe('p1');
    expect(session.error).toBe('Could not start the projection: No such run. (not-found)');
    session.error = null;
    expect(session.phase).toBe('finished');
  });
});
