import { describe, expect, it } from 'vitest';
import { eventNames, methodNames, subscriberName } from '../../../src-main/protocol';
import { acquireApi } from './acquire-api';
import { isPreloadBridge } from './ipc-api';
import type { SocketLike } from './websocket-transport';

const noop = (): void => undefined;
// every method and event of the contract, as a preload of this version exposes them
const fullApi = Object.fromEntries([...methodNames, ...eventNames.map(subscriberName)].map((name) => [name, noop]));

class QuietSocket implements SocketLike {
  static urls: string[] = [];
  binaryType = '';
  readyState = 0;
  onopen = null;
  onclose = null;
  onerror = null;
  onmessage = null;
  constructor(url: string) {
    QuietSocket.urls.push(url);
  }
  send(): void {}
  close(): void {}
}

const location = { protocol: 'http:', host: 'localhost:8080', search: '?token=tok' };

describe('acquireApi', () => {
  it('wraps the preload bridge when it is complete', () => {
    const handle = acquireApi({ workbench: fullApi, location, storage: null });
    expect(handle.kind).toBe('ipc');
    expect(handle.transport).toBeNull();
    expect(isPreloadBridge(handle.api)).toBe(true);
  });

  it('refuses a preload API that misses part of the contract', () => {
    const { stopTraining: _dropped, ...partial } = fullApi;
    expect(isPreloadBridge(partial)).toBe(false);
    expect(() => acquireApi({ workbench: partial, location, storage: null })).toThrow(/does not match/);
  });

  it('opens the WebSocket of the serving host otherwise', () => {
    QuietSocket.urls = [];
    const handle = acquireApi({ workbench: undefined, location, storage: null, Socket: QuietSocket });
    expect(handle.kind).toBe('websocket');
    expect(QuietSocket.urls).toEqual(['ws://localhost:8080/ws?token=tok']);
    expect(isPreloadBridge(handle.api)).toBe(true);
    handle.transport?.dispose();
  });
});
