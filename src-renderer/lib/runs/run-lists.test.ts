import { describe, expect, it } from 'vitest';
import type { DatasetSummary, RunSummary } from '../../../src-main/protocol';
import { scorableRuns } from '../anomalies/score-format';
import { RunLists } from './run-lists.svelte';
import type { RunListsApi } from './run-lists.svelte';
import { summary } from './test-fixtures';

const fashion: DatasetSummary = { id: 'fashion-mnist', name: 'Fashion-MNIST', count: 4, width: 28, height: 28, channels: 1, trainCount: 3, valCount: 1, source: 't', classNames: ['T-shirt', 'Trouser'] };

function fakeApi(runs: RunSummary[]): RunListsApi {
  return {
    listRuns: async () => runs,
    listDatasets: async () => [fashion],
  } as RunListsApi;
}

describe('RunLists', () => {
  it('keeps only the runs the view can use, and the datasets beside them', async () => {
    const lists = new RunLists(fakeApi([summary({ runId: 'ae' }), summary({ runId: 'gan', model: 'dcgan' }), summary({ runId: 'fresh', checkpointEpoch: null })]), scorableRuns);
    expect(lists.runs).toBeNull();
    const runs = await lists.load();
    expect(runs?.map((r) => r.runId)).toEqual(['ae']);
    expect(lists.find('ae')?.runId).toBe('ae');
    expect(lists.find('gan')).toBeNull();
    expect(lists.classNames('fashion-mnist')).toEqual(['T-shirt', 'Trouser']);
    expect(lists.classNames('mnist-10k')).toBeNull();
  });

  it("lets the view pick its run before the new list is shown, and not when listing fails", async () => {
    const lists = new RunLists(fakeApi([summary({ runId: 'kept' }), summary({ runId: 'other' })]), scorableRuns);
    const seen: Array<{ offered: string[]; shownBefore: readonly unknown[] | null }> = [];
    await lists.load((runs) => seen.push({ offered: runs.map((r) => r.runId), shownBefore: lists.runs }));
    // chosen while the page still showed the previous list (none yet)
    expect(seen).toEqual([{ offered: ['kept', 'other'], shownBefore: null }]);
    const failing = new RunLists({ ...fakeApi([]), listRuns: async () => Promise.reject(new Error('gone')) }, scorableRuns);
    await failing.load(() => seen.push({ offered: [], shownBefore: null }));
    expect(seen).toHaveLength(1);
  });

  it('says why listing failed, keeps the runs it had, and clears the message once listing works', async () => {
    let fail = false;
    const api = fakeApi([summary()]);
    const lists = new RunLists({ ...api, listRuns: async (p) => (fail ? Promise.reject(new Error('engine gone')) : api.listRuns(p)) }, scorableRuns);
    await lists.load();
    fail = true;
    expect(await lists.load()).toBeNull();
    expect(lists.error).toBe('Could not list trained models: engine gone');
    expect(lists.runs).toHaveLength(1);
    fail = false;
    expect(await lists.load()).toHaveLength(1);
    expect(lists.error).toBeNull();
  });
});
