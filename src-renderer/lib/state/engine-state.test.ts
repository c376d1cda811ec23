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
