import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import { describeError } from './describe-error';
import { EngineState, describeBackend, describeConnection } from './engine-state.svelte';

const info = { backend: 'wasm', reason: 'tfjs-node not installed: no libtensorflow', versions: {}, dataDir: '/d' } as const;

describe('EngineState', () => {
  it('shows the backend and its reason once getInfo answers', async () => {
    const engine = new EngineState();
    expect(engine.backendText).toBe('asking the engine…');
    await engine.loadInfo({ getInfo: () => Promise.resolve({ ...info, versions: {} }) });
    expect(engine.backendText).toBe('wasm — tfjs-node not installed: no libtensorflow');
  });

  it('keeps a getInfo failure for the status bar', async () => {
    const engine = new EngineState();
    await engine.loadInfo({ getInfo: () => Promise.reject(new WorkbenchError('engine-unavailable', 'No engine.')) });
    expect(engine.backendText).toBe('Backend unknown: No engine. (engine-unavailable)');
  });

  it('is reachable under IPC and while the socket is open', () => {
    const engine = new EngineState();
    expect(engine.reachable).toBe(true);
    expect(engine.connectionText).toBeNull();
    engine.setConnection({ state: 'reconnecting', attempt: 1, detail: 'closed (code 1006)', generation: 1 });
    expect(engine.reachable).toBe(false);
    expect(engine.connectionText).toBe('Disconnected — reconnecting…');
  });

  it('keeps the latest engine status', () => {
    const engine = new EngineState();
    engine.applyStatus({ state: 'training', detail: 'Training run r1.', runId: 'r1' });
    expect(engine.status?.runId).toBe('r1');
  });
});

describe('describeConnection / describeError', () => {
  it('words each connection state', () => {
    const at = (state: 'connecting' | 'open' | 'closed') => describeConnection({ state, attempt: 0, detail: null, generation: 0 });
    expect([at('connecting'), at('open'), at('closed')]).toEqual(['Connecting…', 'Connected', 'Disconnected']);
  });

  it('names the code of workbench errors, even after IPC stripped their class', () => {
    expect(describeError(new WorkbenchError('busy', 'A run is in progress.'))).toBe('A run is in progress. (busy)');
    expect(describeError({ name: 'WorkbenchError', code: 'busy', message: 'A run is in progress.' })).toBe('A run is in progress. (busy)');
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('plain')).toBe('plain');
  });
});

describe('describeBackend', () => {
  it('prefixes the backend unless the reason already names it first', () => {
    expect(describeBackend({ backend: 'wasm', reason: 'tfjs-node not installed' })).toBe('wasm — tfjs-node not installed');
    expect(describeBackend({ backend: 'wasm', reason: 'wasm — requested with --backend' })).toBe('wasm — requested with --backend');
  });
});

describe('EngineState after a crash', () => {
  const restarting = { state: 'restarting', detail: 'The engine stopped unexpectedly (signal SIGKILL); restarting it…', runId: null } as const;

  it('follows the crash through the restart and reloads the info of the new process', async () => {
    const engine = new EngineState();
    let pid = 10;
    const api = { getInfo: () => Promise.resolve({ ...info, versions: {}, enginePid: pid++ }) };
    await engine.loadInfo(api);
    expect(engine.info?.enginePid).toBe(10);
    engine.applyStatus(restarting);
    expect(engine.crash).toEqual({ phase: 'restarting', detail: restarting.detail });
    engine.applyStatus({ state: 'starting', detail: 'Choosing a compute backend…', runId: null });
    expect(engine.crash?.phase).toBe('restarting');
    engine.applyStatus({ state: 'ready', detail: 'Ready on wasm', runId: null });
    // the cause stays readable after the engine is back
    expect(engine.crash).toEqual({ phase: 'restarted', detail: restarting.detail });
    await expect.poll(() => engine.info?.enginePid).toBe(11);
    engine.dismissCrash();
    expect(engine.crash).toBeNull();
  });

  it('asks for the engine again when the user restarts it after too many crashes', async () => {
    const engine = new EngineState();
    const calls: number[] = [];
    await engine.loadInfo({ getInfo: () => (calls.push(1), Promise.resolve({ ...info, versions: {} })) });
    engine.applyStatus({ state: 'failed', detail: 'The engine crashed 4 times in 5 minutes', runId: null });
    expect(engine.crash?.phase).toBe('failed');
    // no automatic retry while failed
    expect(calls).toHaveLength(1);
    await engine.restart();
    expect(calls).toHaveLength(2);
    expect(engine.restarting).toBe(false);
  });
});
