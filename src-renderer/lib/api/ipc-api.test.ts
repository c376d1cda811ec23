import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import type { EngineStatus, PreloadBridge } from '../../../src-main/protocol';
import { eventNames, methodNames, subscriberName } from '../../../src-main/protocol';
import { createIpcApi, isPreloadBridge } from './ipc-api';

const info = { backend: 'wasm', reason: 'no native tfjs', versions: {}, dataDir: '/d' };

/** A preload double: replies are scripted per method, events are pushed by the test. */
function fakeBridge(replies: Record<string, unknown>) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const calls: [string, unknown][] = [];
  const bridge: Record<string, unknown> = {};
  for (const method of methodNames) {
    bridge[method] = (params: unknown) => {
      calls.push([method, params]);
      const reply = replies[method];
      return reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply);
    };
  }
  for (const name of eventNames.map(subscriberName)) {
    bridge[name] = (listener: (payload: unknown) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    };
  }
  return { bridge: bridge as unknown as PreloadBridge, calls, emit: (name: string, payload: unknown) => listeners.get(name)?.(payload), listeners };
}

describe('createIpcApi', () => {
  it('recognises a complete bridge only', () => {
    expect(isPreloadBridge(fakeBridge({}).bridge)).toBe(true);
    expect(isPreloadBridge({ getInfo: () => 0 })).toBe(false);
    expect(isPreloadBridge(null)).toBe(false);
  });

  it('resolves with the checked result', async () => {
    const { bridge, calls } = fakeBridge({ getInfo: { ok: true, result: info } });
    await expect(createIpcApi(bridge).getInfo({})).resolves.toEqual(info);
    expect(calls).toEqual([['getInfo', {}]]);
  });

  it('rejects with a WorkbenchError carrying the reply’s code', async () => {
    const { bridge } = fakeBridge({ startTraining: { ok: false, error: { code: 'busy', message: 'A run is in progress.' } } });
    const error = await createIpcApi(bridge)
      .startTraining({ datasetId: 'mnist-10k', model: 'dense-ae' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'busy', message: 'A run is in progress.' });
  });

  it('rejects results and replies that break the contract', async () => {
    const bad = fakeBridge({ stopTraining: { ok: true, result: { stopped: 1 } }, getInfo: 'nonsense', listDatasets: new Error('no handler') });
    const api = createIpcApi(bad.bridge);
    await expect(api.stopTraining({ runId: 'r' })).rejects.toMatchObject({ code: 'internal' });
    await expect(api.getInfo({})).rejects.toBeInstanceOf(WorkbenchError);
    await expect(api.listDatasets({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('passes on valid events, reports invalid ones, and unsubscribes', () => {
    const fake = fakeBridge({});
    const problems: string[] = [];
    const api = createIpcApi(fake.bridge, (m) => problems.push(m));
    const seen: EngineStatus[] = [];
    const off = api.onEngineStatus((s) => seen.push(s));
    fake.emit('onEngineStatus', { state: 'ready', detail: 'Ready.', runId: null });
    fake.emit('onEngineStatus', { state: 'bogus', detail: '', runId: null });
    expect(seen).toEqual([{ state: 'ready', detail: 'Ready.', runId: null }]);
    expect(problems).toHaveLength(1);
    off();
    expect(fake.listeners.has('onEngineStatus')).toBe(false);
  });
});
