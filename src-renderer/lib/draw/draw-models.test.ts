import { describe, expect, it } from 'vitest';
import type { DrawRun } from './draw-api';
import { DrawModels } from './draw-models.svelte';

const run = (runId: string, fields: Partial<DrawRun> = {}): DrawRun => ({
  runId, model: 'dense-ae', datasetId: 'mnist-10k', status: 'completed', latentDim: 32, createdAt: '2026-01-01T00:00:00Z', valLoss: 0.1, checkpointEpoch: 1, ...fields,
});

function fakeApi(listed: DrawRun[]) {
  const calls = { started: 0, failList: false, failStart: false };
  const api = {
    listRuns: async () => {
      if (calls.failList) throw new Error('socket closed');
      return listed;
    },
    startTraining: async () => {
      if (calls.failStart) throw new Error('a run is already training');
      calls.started += 1;
      return { runId: 'new' };
    },
  };
  return { api, calls, listed };
}

describe('DrawModels', () => {
  it('offers only runs a drawing can go through, and keeps the choice while it is listed', async () => {
    const { api, listed } = fakeApi([run('gan', { model: 'dcgan' }), run('fresh', { checkpointEpoch: null }), run('a'), run('b')]);
    const models = new DrawModels(api);
    expect(models.activeRunId).toBeNull();
    await models.load(() => true);
    expect(models.runs?.map((r) => r.runId)).toEqual(['a', 'b']);
    expect(models.activeRunId).toBe('a');
    models.runId = 'b';
    listed.reverse();
    await models.load(() => true);
    expect(models.activeRunId).toBe('b');
  });

  it('offers the default model with none trained, and stops saying it trains once the engine is ready again', async () => {
    const { api, calls } = fakeApi([]);
    const models = new DrawModels(api);
    await models.load(() => true);
    expect(models.runs).toEqual([]);
    expect(models.activeRunId).toBeNull();
    await models.trainDefault();
    expect(calls.started).toBe(1);
    expect(models.trainingDefault).toBe(true);
    await models.load(() => false);
    expect(models.trainingDefault).toBe(true);
    await models.load(() => true);
    expect(models.trainingDefault).toBe(false);
  });

  it('says why listing or starting failed, and clears it once listing works', async () => {
    const { api, calls } = fakeApi([run('a')]);
    const models = new DrawModels(api);
    calls.failStart = true;
    await models.trainDefault();
    expect(models.error).toBe('Could not start training: a run is already training');
    calls.failList = true;
    await models.load(() => true);
    expect(models.error).toBe('Could not list trained models: socket closed');
    calls.failList = false;
    await models.load(() => true);
    expect(models.error).toBeNull();
  });
});
