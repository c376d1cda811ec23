/** Finds the WorkbenchApi: the preload's bridge in Electron, a WebSocket in a browser. */
import type { WorkbenchApi } from '../../../src-main/protocol';
import { createIpcApi, isPreloadBridge } from './ipc-api';
import { resolveToken, websocketUrl } from './serve-url';
import type { PageLocation, TokenStorage } from './serve-url';
import { createWebSocketTransport } from './websocket-transport';
import type { SocketConstructor, WebSocketTransport } from './websocket-transport';

/** The API and, in serve mode, the transport whose connection the status bar shows. */
export type ApiHandle =
  | { kind: 'ipc'; api: WorkbenchApi; transport: null }
  | { kind: 'websocket'; api: WorkbenchApi; transport: WebSocketTransport };

/** What acquisition reads from the page; `window` in the app, fakes in tests. */
export interface PageEnvironment {
  /** the preload's `window.workbench` bridge, when running in Electron */
  workbench: unknown;
  location: PageLocation;
  storage: TokenStorage | null;
  Socket?: SocketConstructor;
}

/** Wraps the preload's bridge when present, else opens serve mode's WebSocket. */
export function acquireApi(page: PageEnvironment): ApiHandle {
  if (page.workbench !== undefined) {
    if (isPreloadBridge(page.workbench)) return { kind: 'ipc', api: createIpcApi(page.workbench), transport: null };
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
