// The real engine process, forked from the build (`npm test` builds before unit tests).
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
    const closed = waitFor(host, (e) => (e.event === 'trainingProgress' && e.payload.kind === 'finished' ? e.payload : undefined));
    process.kill(host.enginePid()!, 'SIGKILL');
    expect(await closed).toMatchObject({ runId, status: 'failed', message: expect.stringMatching(/SIGKILL.*interrupted.*resume the run/) });
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

  it('a kill during a projection fails it at once, rejects pending requests, and leaves other runs alone', async () => {
    const trained = waitFor(host, (e) => (e.event === 'trainingProgress' && e.payload.kind === 'finished' ? e.payload : undefined));
    // "ready" comes once the run's last files are written
    const written = waitFor(host, (e) => (e.event === 'engineStatus' && e.payload.state === 'ready' ? e.payload : undefined));
    const { runId } = await host.request('startTraining', { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 1, maxTrainSamples: 256, latentDim: 8 });
    expect(await trained).toMatchObject({ runId, status: 'completed' });
    await written;
    const runFile = join(env.LATENT_HOME, 'runs', runId, 'run.json');
    const before = readFileSync(runFile, 'utf8');

    const firstEvent = waitFor(host, (e) => (e.event === 'projectionProgress' && e.payload.kind !== 'finished' ? e.payload : undefined));
    const failed = waitFor(host, (e) => (e.event === 'projectionProgress' && e.payload.kind === 'finished' ? e.payload : undefined));
    const restarting = waitFor(host, (e) => (e.event === 'engineStatus' && e.payload.state === 'restarting' ? e.payload : undefined));
    const ready = waitFor(host, (e) => (e.event === 'engineStatus' && e.payload.state === 'ready' ? e.payload : undefined));
    const { projectionId } = await host.request('startProjection', { runId, method: 'umap', split: 'validation' });
    await firstEvent;
    const pid = host.enginePid()!;
    // frozen, the engine cannot answer: this request is certainly pending when the kill lands
    process.kill(pid, 'SIGSTOP');
    const pending = host.request('getProjectionPoints', { projectionId });
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await expect(pending).rejects.toMatchObject({ code: 'engine-unavailable', message: expect.stringMatching(/stopped unexpectedly \(signal SIGKILL\)/) });
    expect(await failed).toMatchObject({ projectionId, status: 'failed', message: expect.stringMatching(/SIGKILL/) });
    await restarting;
    // what the UI needs to say what happened reaches the host well within a second
    expect(Date.now() - killedAt).toBeLessThan(1000);
    await ready;
    expect(host.enginePid()).not.toBe(pid);
    const runs = await host.request('listRuns', {});
    expect(runs.find((r) => r.runId === runId)).toMatchObject({ status: 'completed', checkpointEpoch: 1 });
    expect(readFileSync(runFile, 'utf8')).toBe(before);
    // and it projects again
    const again = waitFor(host, (e) => (e.event === 'projectionProgress' && e.payload.kind === 'finished' ? e.payload : undefined));
    await host.request('startProjection', { runId, method: 'pca', split: 'validation' });
    expect(await again).toMatchObject({ status: 'completed' });
  });

  it('answers a burst of drawings in the order they came, while the run trains on', async () => {
    const finished = waitFor(host, (e) => (e.event === 'trainingProgress' && e.payload.kind === 'finished' ? e.payload : undefined));
    const { runId } = await host.request('startTraining', { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 4, maxTrainSamples: 512, batchSize: 32 });
    const order: number[] = [];
    const drawings = Array.from({ length: 120 }, (_, i) =>
      host.request('inferDrawing', { runId, pixels: new Float32Array(784).fill((i % 10) / 10), samples: 0 }).then(() => order.push(i)),
    );
    await Promise.all(drawings);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(await finished).toMatchObject({ runId, status: 'completed' });
  });

  it('after the crash budget is spent, waits for the user, then starts again on getInfo', async () => {
    const strict = new EngineHost(forkSpawner(ENGINE, env), { crashBudget: { crashes: 0, windowMs: 60_000 } });
    strict.start();
    try {
      const info = await strict.request('getInfo', {});
      expect(info.enginePid).toBe(strict.enginePid());
      const failed = waitFor(strict, (e) => (e.event === 'engineStatus' && e.payload.state === 'failed' ? e.payload : undefined));
      process.kill(info.enginePid!, 'SIGKILL');
      expect((await failed).detail).toMatch(/not restarted again/);
      expect(strict.enginePid()).toBeUndefined();
      await expect(strict.request('listRuns', {})).rejects.toMatchObject({ code: 'engine-unavailable' });
      const again = await strict.request('getInfo', {});
      expect(again.enginePid).not.toBe(info.enginePid);
    } finally {
      strict.dispose();
    }
  });
});
