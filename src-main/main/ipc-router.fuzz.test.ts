// Thousands of hostile payloads on every IPC channel: each gets an error reply as data, none
// reaches the engine, and the router still answers a good request afterwards.
import fc from 'fast-check';
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { EngineHost } from '../host/engine-host';
import { POLLUTING_KEYS, VALID_PARAMS, poison, pollutedObject, prototypesClean } from '../host/hostile-messages';
import { methodNames, methods, requestChannel } from '../protocol';
import type { BridgeReply, MethodName } from '../protocol';

const handlers = vi.hoisted(() => new Map<string, (event: unknown, params: unknown) => Promise<unknown>>());
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, params: unknown) => Promise<unknown>) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { routeIpc } = await import('./ipc-router');

const SEED = 20261127;
const trusted = {} as IpcMainInvokeEvent;

/** Params no method accepts: poison, polluted objects, or a method's valid params plus a stray key. */
const hostileParams = fc.oneof(
  poison,
  pollutedObject,
  fc.constantFrom(null, 0, 'params', [], true),
  fc.tuple(fc.constantFrom(...Object.keys(VALID_PARAMS)), fc.constantFrom(...POLLUTING_KEYS, 'extra'), poison).map(([method, key, value]) => {
    const params: Record<string, unknown> = { ...VALID_PARAMS[method]! };
    Object.defineProperty(params, key, { value, enumerable: true, configurable: true, writable: true });
    return params;
  }),
);

describe('IPC router under fuzzing', () => {
  it('refuses hostile params on every channel without calling the engine, then still serves', async () => {
    const calls: { method: string; params: unknown }[] = [];
    const engine = {
      request: async (method: string, params: unknown) => {
        calls.push({ method, params });
        return { backend: 'cpu', reason: 'test', versions: {}, dataDir: '/d' };
      },
    } as unknown as EngineHost;
    const unroute = routeIpc(engine, () => true);
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...methodNames), hostileParams, async (method, params) => {
          const reply = (await handlers.get(requestChannel(method))!(trusted, params)) as BridgeReply<MethodName>;
          expect(reply.ok).toBe(false);
          if (!reply.ok) expect(reply.error).toMatchObject({ code: 'bad-request', message: expect.stringContaining(method) });
          expect(prototypesClean()).toBe(true);
        }),
        { seed: SEED, numRuns: 2000 },
      );
      expect(calls).toHaveLength(0);
      await expect(handlers.get(requestChannel('getInfo'))!(trusted, {})).resolves.toMatchObject({ ok: true, result: { backend: 'cpu' } });
    } finally {
      unroute();
    }
  });

  it('forwards only params the contract accepts, whatever arrives', async () => {
    const calls: { method: MethodName; params: unknown }[] = [];
    const engine = {
      request: async (method: MethodName, params: unknown) => {
        calls.push({ method, params });
        throw new Error('engine down');
      },
    } as unknown as EngineHost;
    const unroute = routeIpc(engine, () => true);
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...methodNames), fc.oneof(fc.anything(), fc.constant({})), async (method, params) => {
          const reply = (await handlers.get(requestChannel(method))!(trusted, params)) as BridgeReply<MethodName>;
          // an engine failure is an error reply too, never a throw across IPC
          expect(reply.ok).toBe(false);
        }),
        { seed: SEED, numRuns: 1000 },
      );
      expect(calls.length).toBeGreaterThan(0);
      for (const { method, params } of calls) expect(methods[method].params.safeParse(params).success).toBe(true);
    } finally {
      unroute();
    }
  });

  it('has no channel for anything outside the contract', () => {
    const unroute = routeIpc({} as EngineHost, () => true);
    try {
      expect([...handlers.keys()].sort()).toEqual(methodNames.map(requestChannel).sort());
      for (const name of [...POLLUTING_KEYS, 'toString', 'eval', 'workbench:__proto__']) expect(handlers.has(name)).toBe(false);
    } finally {
      unroute();
    }
  });
});
