// The real engine process, forked from the build (`npm test` builds before unit tests).
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingProgress, ValidEvent } from '../protocol';
import { EngineHost } from './engine-host';
import { forkSpawner } from './fork-spawner';

const ENGINE = resolve('out/main/engine.js');
const env = { ...process.env, LATENT_HOME: mkdtempSync(join(tmpdir(), 'latent-engine-')), LATENT_BACKEND: 'wasm' };

function waitFor<T>(host: EngineHost, pick: (e: ValidEvent) => T | undefined, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for an engine event')), timeoutMs);
    const off = host.onEvent((e) => {
      const found = pick(e);
      if (found !== undefined) {
        clearTimeout(timer);
        off();
        resolve(found);
      }
    });
  });
}

describe('engine process', () => {
  let host: EngineHost;
  beforeAll(() => {
    if (!existsSync(ENGINE)) throw new Error(`${ENGINE} is missing: run \`npm run build\` first (npm test does).`);
    host = new EngineHost(forkSpawner(ENGINE, env));
    host.start();
  });
  afterAll(() => host.dispose());

  it('reports its backend and why', async () => {
    const info = await host.request('getInfo', {});
    expect(info.backend).toBe('wasm');
    expect(info.reason.length).toBeGreaterThan(10);
    expect(info.dataDir).toBe(env.LATENT_HOME);
  });

  it('answers garbage with error replies and keeps serving', async () => {
    const child = fork(ENGINE, [], { serialization: 'advanced', env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const replies: unknown[] = [];
    child.on('message', (m) => {
      if ((m as { type?: string }).type === 'reply') replies.push(m);
    });
    const send = (m: unknown) => child.send(m as object);
    send({ type: 'request', id: 1, method: 'listDatasets', params: { evil: true } });
    send({ nonsense: [1, 2, 3] });
    send({ type: 'request', id: 2, method: 'constructor', params: {} });
    send({ type: 'request', id: 3, method: 'getInfo', params: {} });
    await expect.poll(() => replies.length, { timeout: 30_000 }).toBe(4);
    child.kill();
    expect(replies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 1, ok: false, error: expect.objectContaining({ code: 'bad-request' }) }),
        expect.objectContaining({ id: null, ok: false, error: expect.objectContaining({ code: 'bad-request' }) }),
        expect.objectContaining({ id: 2, ok: false, error: expect.objectContaining({ code: 'unknown-method' }) }),
        expect.objectContaining({ id: 3, ok: true }),
      ]),
    );
  });

  it('trains, streams reconstructions as Float32Arrays, refuses a second run, and stops', async () => {
    const recon = waitFor(host, (e) => (e.event === 'trainingProgress' && e.payload.kind === 'reconstructions' ? e.payload : undefined));
    const { runId } = await host.request('startTraining', { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 20, maxTrainSamples: 256 });
    await expect(host.request('startTraining', { datasetId: 'mnist-10k', model: 'dense-ae' })).rejects.toMatchObject({ code: 'busy' });
    const reconstructions = (await recon) as Extract<TrainingProgress, { kind: 'reconstructions' }>;
    expect(reconstructions.runId).toBe(runId);
    expect(reconstructions.originals).toBeInstanceOf(Float32Array);
    expect(reconstructions.reconstructions.length).toBe(16 * 784);
    const finished = waitFor(host, (e) => (e.event === 'trainingProgress' && e.payload.kind === 'finished' ? e.payload : undefined));
    await expect(host.request('stopTraining', { runId })).resolves.toEqual({ stopped: true });
    expect(await finished).toMatchObject({ runId, status: 'stopped' });
    await expect(host.request('stopTraining', { runId })).resolves.toEqual({ stopped: false });
  });

  it('a run killed with SIGKILL mid-training is listed as interrupted and resumes from its last checkpoint', async () => {
    const epochTwo = waitFor(host, (e) => (e.event === 'trainingProgress' && e.payload.kind === 'epoch' && e.payload.epoch === 2 ? e.payload : undefined));
    const { runId } = await host.request('startTraining', { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 50, maxTrainSamples: 256, batchSize: 32 });
    await epochTwo;
    const ready = waitFor(host, (e) => (e.event === 'engineStatus' && e.payload.state === 'ready' ? e.payload : undefined));
    process.kill(host.enginePid()!, 'SIGKILL');
    await ready;
    const [run] = await host.request('listRuns', {});
    expect(run).toMatchObject({ runId, status: 'interrupted' });
    // epoch 2's checkpoint may have been half written when the kill came: then epoch 1's stands
    expect(run!.checkpointEpoch).toBeGreaterThanOrEqual(1);
    // the files are whole: the checkpoint loads and training carries on from it
    const started = waitFor(host, (e) => (e.event === 'trainingProgress' && e.payload.kind === 'started' ? e.payload : undefined));
    const finished = waitFor(host, (e) => (e.event === 'trainingProgress' && e.payload.kind === 'finished' ? e.payload : undefined));
    await host.request('resumeTraining', { runId, epochs: run!.checkpointEpoch! + 1 });
    expect(await started).toMatchObject({ runId, startEpoch: run!.checkpointEpoch });
    expect(await finished).toMatchObject({ runId, status: 'completed', epochsDone: run!.checkpointEpoch! + 1 });
  });

  it('is restarted after it is killed, and serves again', async () => {
    await host.request('getInfo', {});
    const restarting = waitFor(host, (e) => (e.event === 'engineStatus' && e.payload.state === 'restarting' ? e.payload : undefined));
    const ready = waitFor(host, (e) => (e.event === 'engineStatus' && e.payload.state === 'ready' ? e.payload : undefined));
    process.kill(host.enginePid()!, 'SIGKILL');
    expect((await restarting).detail).toMatch(/SIGKILL/);
    await ready;
    await expect(host.request('getInfo', {})).resolves.toMatchObject({ backend: 'wasm' });
  });
});
