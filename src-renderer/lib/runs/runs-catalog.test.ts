import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import type { RunHistory, RunSummary } from '../../../src-main/protocol';
import { RunsCatalog } from './runs-catalog.svelte';
import type { RunsApi } from './runs-catalog.svelte';
import { history, summary } from './test-fixtures';

/** An engine with runs on "disk", counting history reads. */
interface FakeEngine {
  runs: RunSummary[];
  reads: string[];
  refuseDelete: boolean;
  failList: boolean;
  api: RunsApi;
}

function fakeEngine(initial: RunSummary[]): FakeEngine {
  const engine: FakeEngine = {
    runs: initial,
    reads: [],
    refuseDelete: false,
    failList: false,
    api: {
      listRuns: async () => {
        if (engine.failList) throw new WorkbenchError('engine-unavailable', 'No engine.');
        return engine.runs;
      },
      getRunHistory: async ({ runId }: { runId: string }): Promise<RunHistory> => {
        engine.reads.push(runId);
        const run = engine.runs.find((r) => r.runId === runId);
        if (!run) throw new WorkbenchError('not-found', `There is no run ${runId}.`);
        return history(run, [0.3, 0.2]);
      },
      deleteRun: async ({ runId }: { runId: string }) => {
        if (engine.refuseDelete) throw new WorkbenchError('busy', 'It trains.');
        engine.runs = engine.runs.filter((r) => r.runId !== runId);
        return { deleted: true };
      },
    },
  };
  return engine;
}

const a = summary({ runId: 'a', createdAt: '2026-01-01T00:00:00Z', best: { epoch: 1, valLoss: 0.3 } });
const b = summary({ runId: 'b', model: 'vae', createdAt: '2026-01-02T00:00:00Z', best: { epoch: 1, valLoss: 120 } });

describe('RunsCatalog', () => {
  it('loads, is empty or failed, and sorts', async () => {
    const engine = fakeEngine([]);
    const catalog = new RunsCatalog(engine.api);
    expect(catalog.state).toBe('loading');
    await catalog.refresh();
    expect(catalog.state).toBe('empty');
    engine.runs = [a, b];
    await catalog.refresh();
    expect(catalog.state).toBe('ready');
    expect(catalog.sorted.map((r) => r.runId)).toEqual(['b', 'a']);
    catalog.sortBy('best');
    expect(catalog.sorted.map((r) => r.runId)).toEqual(['a', 'b']);

    const failing = fakeEngine([]);
    failing.failList = true;
    const broken = new RunsCatalog(failing.api);
    await broken.refresh();
    expect(broken.state).toBe('error');
    expect(broken.error?.message).toBe('Could not list runs: No engine. (engine-unavailable)');
  });

  it('opens a run and overlays the ticked ones, reading each history once', async () => {
    const engine = fakeEngine([a, b]);
    const catalog = new RunsCatalog(engine.api);
    await catalog.refresh();
    await catalog.open('a');
    expect(catalog.opened?.run.runId).toBe('a');
    await catalog.toggle('a');
    await catalog.toggle('b');
    expect(engine.reads).toEqual(['a', 'b']);
    expect(catalog.overlay.groups.map((g) => g.lines.map((l) => l.id))).toEqual([['a'], ['b']]);
    await catalog.toggle('a');
    expect(catalog.selected).toEqual(['b']);
    catalog.close();
    expect(catalog.opened).toBeNull();
  });

  it('re-reads the history of a run that changed, and forgets runs that are gone', async () => {
    const engine = fakeEngine([a, b]);
    const catalog = new RunsCatalog(engine.api);
    await catalog.refresh();
    await catalog.open('a');
    await catalog.toggle('b');
    await catalog.refresh();
    expect(engine.reads).toEqual(['a', 'b']);
    engine.runs = [{ ...a, status: 'running', updatedAt: '2026-01-03T00:00:00Z' }];
    await catalog.refresh();
    expect(engine.reads).toEqual(['a', 'b', 'a']);
    expect(catalog.opened?.run.status).toBe('running');
    expect(catalog.selected).toEqual([]);
    expect([...catalog.histories.keys()]).toEqual(['a']);
  });

  it('deletes a run, or keeps the engine’s refusal to show', async () => {
    const engine = fakeEngine([a, b]);
    const catalog = new RunsCatalog(engine.api);
    await catalog.refresh();
    await catalog.open('a');
    engine.refuseDelete = true;
    expect(await catalog.remove('a')).toBe(false);
    expect(catalog.error).toEqual({ source: 'delete', message: 'Could not delete run a: It trains. (busy)' });
    engine.refuseDelete = false;
    expect(await catalog.remove('a')).toBe(true);
    expect(catalog.error).toBeNull();
    expect(catalog.runs?.map((r) => r.runId)).toEqual(['b']);
    expect(catalog.openedId).toBeNull();
  });

  it('keeps a history read failure to show', async () => {
    const engine = fakeEngine([a]);
    const catalog = new RunsCatalog(engine.api);
    await catalog.refresh();
    await catalog.open('gone');
    expect(catalog.error?.message).toBe('Could not read run gone: There is no run gone. (not-found)');
    expect(catalog.opened).toBeNull();
  });

  it('applies only the latest of overlapping lists', async () => {
    const engine = fakeEngine([a]);
    const replies: Array<(runs: RunSummary[]) => void> = [];
    const catalog = new RunsCatalog({ ...engine.api, listRuns: () => new Promise((resolve) => replies.push(resolve)) });
    const first = catalog.refresh();
    const second = catalog.refresh();
    replies[1]!([a, b]);
    await second;
    replies[0]!([a]);
    await first;
    expect(catalog.runs?.map((r) => r.runId)).toEqual(['a', 'b']);
  });
});
