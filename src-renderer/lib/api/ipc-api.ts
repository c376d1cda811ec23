/**
 * Electron's WorkbenchApi: wraps the preload's `window.workbench` bridge, whose actions
 * resolve to `{ ok, result | error }` (contextBridge would strip an Error's code), into
 * Promises that resolve with checked results and reject with WorkbenchErrors. Events are
 * checked against the contract again here, as in serve mode.
 */
import { WorkbenchError, checkEvent, checkReply, eventNames, methodNames, subscriberName } from '../../../src-main/protocol';
import type { EventName, MethodName, PreloadBridge, Unsubscribe, WorkbenchApi } from '../../../src-main/protocol';
import { resultOf } from './reply';

/** True when `value` has a function for every method and subscriber of the contract. */
export function isPreloadBridge(value: unknown): value is PreloadBridge {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const names = [...methodNames, ...eventNames.map((e) => subscriberName(e))];
  return names.every((name) => typeof record[name] === 'function');
}

/** Wraps the preload bridge; `onProtocolError` hears of anything that breaks the contract. */
export function createIpcApi(
  bridge: PreloadBridge,
  onProtocolError: (message: string) => void = (message) => console.error(`[workbench] ${message}`),
): WorkbenchApi {
  const raw = bridge as unknown as Record<string, (arg: unknown) => unknown>;

  async function request(method: MethodName, params: unknown): Promise<unknown> {
    let reply: unknown;
    try {
      reply = await raw[method]!(params);
    } catch (error) {
      // only a broken main process rejects: handlers answer errors as data
      throw new WorkbenchError('internal', `The app could not pass the request on: ${(error as Error)?.message ?? String(error)}`);
    }
    const checked = checkReply({ type: 'reply', id: null, ...(reply as object) });
    if (!checked.ok) throw WorkbenchError.from(checked.error);
    return resultOf(method, checked.value);
  }

  function subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe {
    const unsubscribe = raw[subscriberName(event)]!((payload: unknown) => {
      const checked = checkEvent({ type: 'event', event, payload });
      if (checked.ok) listener(checked.value.payload);
      else onProtocolError(checked.error.message);
    });
    return () => void (unsubscribe as () => unknown)();
  }

  const api: Record<string, unknown> = {};
  for (const method of methodNames) api[method] = (params: unknown) => request(method, params);
  for (const event of eventNames) {
    api[subscriberName(event)] = (listener: (payload: unknown) => void) => subscribe(event, listener);
  }
  return api as WorkbenchApi;
}
