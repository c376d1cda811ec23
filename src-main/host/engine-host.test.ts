import { describe, expect, it, vi } from 'vitest';
import type { ValidEvent } from '../protocol';
import { WorkbenchError } from '../protocol';
import { EngineHost } from './engine-host';
import type { EngineProcess, ExitInfo } from './engine-process';

/** An in-memory engine process the test drives by hand. */
class FakeProcess implements EngineProcess {
  pid = 1234;
  sent: unknown[] = [];
  private messageListener: (m: unknown) => void = () => {};
  private exitListener: (i: ExitInfo) => void = () => {};
  killed = false;
  send(message: unknown): void {
    this.sent.push(message);
  }
  onMessage(listener: (m: unknown) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (i: ExitInfo) => void): void {
    this.exitListener = listener;
  }
  kill(): void {
    this.killed = true;
  }
  reply(message: unknown): void {
    this.messageListener(message);
  }
  crash(signal = 'SIGSEGV'): void {
    this.exitListener({ reason: 'crashed', code: null, signal });
  }
  exit(info: ExitInfo): void {
    this.exitListener(info);
  }
  lastRequestId(): number {
    return (this.sent.at(-1) as { id: number }).id;
  }
}

function setup(options: ConstructorParameters<typeof EngineHost>[1] = {}) {
  const processes: FakeProcess[] = [];
  const host = new EngineHost(() => {
    const p = new FakeProcess();
    processes.push(p);
    return p;
  }, options);
  const events: ValidEvent[] = [];
  host.onEvent((e) => events.push(e));
  host.start();
  return { host, processes, events, current: () => processes.at(-1)! };
}

describe('EngineHost', () => {
  it('correlates replies with requests and validates results', async () => {
    const { host, current } = setup();
    const a = host.request('stopTraining', { runId: 'a' });
    const b = host.request('stopTraining', { runId: 'b' });
    const [idA, idB] = current().sent.map((m) => (m as { id: number }).id);
    current().reply({ type: 'reply', id: idB, ok: true, result: { stopped: false } });
    current().reply({ type: 'reply', id: idA, ok: true, result: { stopped: true } });
    await expect(a).resolves.toEqual({ stopped: true });
    await expect(b).resolves.toEqual({ stopped: false });
  });

  it('rejects with the engine error code', async () => {
    const { host, current } = setup();
    const p = host.request('startTraining', { datasetId: 'mnist-10k', model: 'dense-ae' });
    current().reply({ type: 'reply', id: current().lastRequestId(), ok: false, error: { code: 'busy', message: 'already training' } });
    await expect(p).rejects.toMatchObject({ code: 'busy', message: 'already training' });
  });

  it('rejects a result that breaks the contract instead of passing it on', async () => {
    const log = vi.fn();
    const { host, current } = setup({ log });
    const p = host.request('stopTraining', { runId: 'a' });
    current().reply({ type: 'reply', id: current().lastRequestId(), ok: true, result: { stopped: 'maybe' } });
    await expect(p).rejects.toBeInstanceOf(WorkbenchError);
  });

  it('drops and logs malformed engine events, relays valid ones', () => {
    const log = vi.fn();
    const { current, events } = setup({ log });
    current().reply({ type: 'event', event: 'trainingProgress', payload: { kind: 'batch', runId: 'r' } });
    current().reply({ type: 'gossip' });
    current().reply({ type: 'event', event: 'engineStatus', payload: { state: 'ready', detail: 'ok', runId: null } });
    expect(events).toHaveLength(1);
    expect(log).toHaveBeenCalledTimes(2);
  });

  it('times out a request the engine never answers', async () => {
    vi.useFakeTimers();
    try {
      const { host } = setup({ requestTimeoutMs: 1000 });
      const p = host.request('getInfo', {});
      vi.advanceTimersByTime(1001);
      await expect(p).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives long methods (importModel, exportRun) ten minutes before timing out, others the usual time', async () => {
    vi.useFakeTimers();
    try {
      const { host, current } = setup({ requestTimeoutMs: 60_000 });
      const quick = host.request('listRuns', {});
      const imported = host.request('importModel', { source: { kind: 'paths', paths: ['/big/run'] } });
      const importId = current().lastRequestId();
      const exported = host.request('exportRun', { runId: 'r', what: 'embeddings', format: 'csv', split: 'all', projection: false });
      vi.advanceTimersByTime(60_001);
      await expect(quick).rejects.toMatchObject({ code: 'timeout', message: 'The engine did not answer listRuns within 60 s.' });
      // minutes later the import still gets its answer
      vi.advanceTimersByTime(8 * 60_000);
      current().reply({ type: 'reply', id: importId, ok: false, error: { code: 'bad-request', message: 'Run r is already here.' } });
      await expect(imported).rejects.toMatchObject({ code: 'bad-request' });
      vi.advanceTimersByTime(2 * 60_000);
      await expect(exported).rejects.toMatchObject({ code: 'timeout', message: 'The engine did not answer exportRun within 600 s.' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('on a crash: fails pending requests, closes the active run, restarts the engine', async () => {
    const { host, processes, events, current } = setup();
    current().reply({
      type: 'event',
      event: 'trainingProgress',
      payload: {
        kind: 'started', runId: 'run1', seq: 1, trainCount: 10, valCount: 2, batchesPerEpoch: 1, backend: 'wasm', metricNames: ['loss'], startEpoch: 0,
        config: { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 1, batchSize: 10, learningRate: 0.001, latentDim: 32, seed: 1, beta: 1, klWarmupEpochs: 0, imageAdversarialWeight: 0 },
      },
    });
    const pending = host.request('getInfo', {});
    current().crash();
    await expect(pending).rejects.toMatchObject({ code: 'engine-unavailable' });
    expect(processes).toHaveLength(2);
    const finished = events.find((e) => e.event === 'trainingProgress' && e.payload.kind === 'finished');
    expect(finished?.payload).toMatchObject({ runId: 'run1', status: 'failed', seq: 2 });
    expect(host.status().state).toBe('restarting');
    // the new process serves requests
    const next = host.request('stopTraining', { runId: 'x' });
    current().reply({ type: 'reply', id: current().lastRequestId(), ok: true, result: { stopped: false } });
    await expect(next).resolves.toEqual({ stopped: false });
  });

  it('stops restarting after the crash budget and says so', () => {
    let t = 0;
    const { host, processes, current } = setup({ crashBudget: { crashes: 3, windowMs: 60_000 }, now: () => (t += 1000) });
    for (let i = 0; i < 4; i++) current().crash();
    expect(processes).toHaveLength(4);
    expect(host.status().state).toBe('failed');
    expect(host.status().detail).toMatch(/crashed 4 times/);
    host.restart();
    expect(processes).toHaveLength(5);
  });

  it('on a crash mid-projection: closes the projection as failed after its last event', () => {
    const { current, events } = setup();
    current().reply({ type: 'event', event: 'projectionProgress', payload: { kind: 'stage', projectionId: 'p1', seq: 4, stage: 'encoding', done: 1, total: 2 } });
    current().crash('SIGKILL');
    const closed = events.filter((e) => e.event === 'projectionProgress' && e.payload.kind === 'finished');
    expect(closed).toHaveLength(1);
    expect(closed[0]!.payload).toMatchObject({ projectionId: 'p1', seq: 5, status: 'failed', message: expect.stringMatching(/SIGKILL.*start the projection again/) });
  });

  it('names the interrupted run and how to resume it', () => {
    const { host, current, events } = setup();
    current().reply({
      type: 'event',
      event: 'trainingProgress',
      payload: {
        kind: 'started', runId: 'run7', seq: 1, trainCount: 10, valCount: 2, batchesPerEpoch: 1, backend: 'wasm', metricNames: ['loss'], startEpoch: 0,
        config: { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 5, batchSize: 10, learningRate: 0.001, latentDim: 32, seed: 1, beta: 1, klWarmupEpochs: 0, imageAdversarialWeight: 0 },
      },
    });
    current().reply({
      type: 'event',
      event: 'trainingProgress',
      payload: { kind: 'epoch', runId: 'run7', seq: 2, epoch: 2, epochs: 5, step: 2, trainLoss: 0.3, valLoss: 0.25, trainMetrics: { loss: 0.3 }, valMetrics: { loss: 0.25 }, seconds: 1 },
    });
    current().crash('SIGKILL');
    const finished = events.find((e) => e.event === 'trainingProgress' && e.payload.kind === 'finished');
    expect(finished?.payload).toMatchObject({ runId: 'run7', epochsDone: 2, valLoss: 0.25, message: expect.stringMatching(/interrupted.*last checkpoint \(epoch 2\).*Runs view/) });
    expect(host.status().detail).toMatch(/SIGKILL.*run run7.*interrupted/);
  });

  it('adds the engine pid to getInfo', async () => {
    const { host, current } = setup();
    const info = host.request('getInfo', {});
    current().reply({ type: 'reply', id: current().lastRequestId(), ok: true, result: { backend: 'wasm', reason: 'test', versions: {}, dataDir: '/d' } });
    await expect(info).resolves.toMatchObject({ enginePid: 1234 });
  });

  it('after the crash budget, refuses requests until the user asks again with getInfo', async () => {
    const { host, processes, current } = setup({ crashBudget: { crashes: 1, windowMs: 60_000 }, now: () => 0 });
    current().crash();
    current().crash();
    expect(host.status().state).toBe('failed');
    await expect(host.request('listRuns', {})).rejects.toMatchObject({ code: 'engine-unavailable', message: expect.stringMatching(/Restart it/) });
    expect(processes).toHaveLength(2);
    const info = host.request('getInfo', {});
    expect(processes).toHaveLength(3);
    current().reply({ type: 'reply', id: current().lastRequestId(), ok: true, result: { backend: 'wasm', reason: 'test', versions: {}, dataDir: '/d' } });
    await expect(info).resolves.toMatchObject({ backend: 'wasm' });
  });

  it('a kill by the host itself is no crash: no restart, no crash events', () => {
    const { processes, events, current } = setup();
    current().exit({ reason: 'killed', code: null, signal: 'SIGTERM' });
    expect(processes).toHaveLength(1);
    expect(events).toHaveLength(0);
  });

  it('refuses requests after dispose and kills the process', async () => {
    const { host, current } = setup();
    const proc = current();
    host.dispose();
    expect(proc.killed).toBe(true);
    await expect(host.request('getInfo', {})).rejects.toMatchObject({ code: 'engine-unavailable' });
  });
});
