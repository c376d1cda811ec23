/** Finds the WorkbenchApi: the preload's in Electron, a WebSocket transport in a browser. */
import { eventNames, methodNames, subscriberName } from '../../../src-main/protocol';
import type { WorkbenchApi } from '../../../src-main/protocol';
import { resolveToken, websocketUrl } from './serve-url';
import type { PageLocation, TokenStorage } from './serve-url';
import { createWebSocketTransport } from './websocket-transport';
import type { SocketConstructor, WebSocketTransport } from './websocket-transport';

/** The API and, in serve mode, the transport whose connection the status bar shows. */
export type ApiHandle =
  | { kind: 'ipc'; api: WorkbenchApi; transport: null }
  | { kind: 'websocket'; api: WorkbenchApi; transport: WebSocketTransport };

/** True when `value` has a function for every method and subscriber of the contract. */
export function isWorkbenchApi(value: unknown): value is WorkbenchApi {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const names = [...methodNames, ...eventNames.map((e) => subscriberName(e))];
  return names.every((name) => typeof record[name] === 'function');
}

/** What acquisition reads from the page; `window` in the app, fakes in tests. */
export interface PageEnvironment {
  /** the preload's `window.workbench`, when running in Electron */
  workbench: unknown;
  location: PageLocation;
  storage: TokenStorage | null;
  Socket?: SocketConstructor;
}

/** Uses the preload's API when present, else opens serve mode's WebSocket. */
export function acquireApi(page: PageEnvironment): ApiHandle {
  if (page.workbench !== undefined) {
    if (isWorkbenchApi(page.workbench)) return { kind: 'ipc', api: page.workbench, transport: null };
    // a preload from another version would fail call by call; say so once, clearly
    throw new Error('window.workbench does not match this version of the app (a method or event is missing).');
  }
  const url = websocketUrl(page.location, resolveToken(page.location.search, page.storage));
  const transport = createWebSocketTransport(page.Socket ? { url, Socket: page.Socket } : { url });
  return { kind: 'websocket', api: transport.api, transport };
}

/** Reads the real page; session storage can throw on access in locked-down browsers. */
export function currentPage(): PageEnvironment {
  let storage: TokenStorage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = null;
  }
  return { workbench: (window as { workbench?: unknown }).workbench, location: window.location, storage };
}
