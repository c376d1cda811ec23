/**
 * Serve mode's WorkbenchApi over one WebSocket: requests are correlated by id, replies and
 * events are validated against the contract before anyone sees them, and a dropped socket
 * is reopened with backoff.
 */
import {
  WorkbenchError,
  checkEvent,
  checkReply,
  decodeFrame,
  encodeFrame,
  eventNames,
  messageType,
  methodNames,
  subscriberName,
} from '../../../src-main/protocol';
import type { EventName, MethodName, Unsubscribe, WorkbenchApi } from '../../../src-main/protocol';
import { resultOf } from './reply';

/** The part of the browser's WebSocket this transport uses, so tests can inject a fake. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor (the browser's, or a fake). */
export type SocketConstructor = new (url: string) => SocketLike;

/** First attempt, open, lost and retrying (while waiting and while re-opening), or disposed. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A snapshot of the connection, handed to connection listeners. */
export interface ConnectionSnapshot {
  /** what the socket is doing */
  state: ConnectionState;
  /** failed attempts since the socket was last open */
  attempt: number;
  /** why the last connection ended, when it did */
  detail: string | null;
  /** how many times a connection has opened; views reload their data when it grows */
  generation: number;
}

/** Settings of the WebSocket transport. */
export interface WebSocketTransportOptions {
  /** full ws:// or wss:// URL, token included */
  url: string;
  /** the WebSocket class; the browser's by default */
  Socket?: SocketConstructor;
  /** milliseconds to wait before reconnect attempt `attempt` (1-based) */
  reconnectDelay?: (attempt: number) => number;
  /** timers, injectable for tests */
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** where malformed traffic is reported; it is never silently dropped */
  onProtocolError?: (message: string) => void;
}

/** A WorkbenchApi over a WebSocket, plus what the shell needs to show the connection. */
export interface WebSocketTransport {
  /** the contract's API; views use only this */
  readonly api: WorkbenchApi;
  /** the current connection snapshot */
  readonly connection: ConnectionSnapshot;
  /** calls `listener` now and on every connection change */
  onConnection(listener: (snapshot: ConnectionSnapshot) => void): Unsubscribe;
  /** closes the socket for good and rejects what is pending */
  dispose(): void;
}

const OPEN = 1;
const CONNECTING = 0;

/** 0.5 s, 1 s, 2 s, … capped at 10 s. */
export function defaultReconnectDelay(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));
}

interface Pending {
  method: MethodName;
  resolve: (value: unknown) => void;
  reject: (error: WorkbenchError) => void;
}

/** Opens the socket and returns the transport; it reconnects by itself until disposed. */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const Socket = options.Socket ?? (globalThis.WebSocket as unknown as SocketConstructor);
  const reconnectDelay = options.reconnectDelay ?? defaultReconnectDelay;
  const setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const reportProtocolError = options.onProtocolError ?? ((message) => console.error(`[workbench] ${message}`));

  const pending = new Map<number, Pending>();
  // requests made while the socket is still opening wait here instead of failing
  const queued: { id: number; frame: string | Uint8Array }[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(snapshot: ConnectionSnapshot) => void>();
  let connection: ConnectionSnapshot = { state: 'connecting', attempt: 0, detail: null, generation: 0 };
  let socket: SocketLike | null = null;
  let timer: unknown = null;
  let nextId = 1;
  let disposed = false;

  function setConnection(patch: Partial<ConnectionSnapshot>): void {
    connection = { ...connection, ...patch };
    for (const listener of connectionListeners) listener(connection);
  }

  function rejectAll(message: string): void {
    const error = new WorkbenchError('engine-unavailable', message);
    const all = [...pending.values()];
    pending.clear();
    queued.length = 0;
    for (const entry of all) entry.reject(error);
  }

  function connect(): void {
    timer = null;
    const ws = new Socket(options.url);
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      if (socket !== ws) return;
      setConnection({ state: 'open', attempt: 0, detail: null, generation: connection.generation + 1 });
      for (const { frame } of queued.splice(0)) ws.send(frame);
    };
    ws.onmessage = (event) => {
      if (socket === ws) receive(event.data);
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      const detail = event.reason ? `closed (${event.code}: ${event.reason.slice(0, 200)})` : `closed (code ${event.code})`;
      const wasOpen = connection.state === 'open';
      rejectAll(wasOpen ? 'Lost the connection to the engine; reconnecting…' : 'Could not connect to the engine; retrying…');
      if (disposed) return;
      const attempt = connection.attempt + 1;
      setConnection({ state: 'reconnecting', attempt, detail });
      timer = setTimer(connect, reconnectDelay(attempt));
    };
    // a failed socket always closes afterwards; the close handler does the work
    ws.onerror = () => undefined;
  }

  function receive(data: unknown): void {
    let message: unknown;
    try {
      if (typeof data === 'string') message = decodeFrame(data);
      else if (data instanceof ArrayBuffer) message = decodeFrame(new Uint8Array(data));
      else throw new Error(`unexpected frame of type ${Object.prototype.toString.call(data)}`);
    } catch (error) {
      reportProtocolError(`Undecodable frame: ${(error as Error).message}`);
      return;
    }
    const type = messageType(message);
    if (type === 'reply') receiveReply(message);
    else if (type === 'event') receiveEvent(message);
    else reportProtocolError(`Unexpected message type ${JSON.stringify(type ?? (message as { type?: unknown })?.type ?? null)}.`);
  }

  function receiveReply(message: unknown): void {
    const checked = checkReply(message);
    if (!checked.ok) return reportProtocolError(checked.error.message);
    const reply = checked.value;
    const entry = reply.id === null ? undefined : pending.get(reply.id);
    if (!entry) {
      const why = reply.ok ? 'an unknown request' : `an unknown request: ${reply.error.code}: ${reply.error.message}`;
      return reportProtocolError(`Reply ${String(reply.id)} answers ${why}.`);
    }
    pending.delete(reply.id!);
    try {
      entry.resolve(resultOf(entry.method, reply));
    } catch (error) {
      entry.reject(error as WorkbenchError);
    }
  }

  function receiveEvent(message: unknown): void {
    const checked = checkEvent(message);
    if (!checked.ok) return reportProtocolError(checked.error.message);
    const { event, payload } = checked.value;
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // one broken listener must not starve the others of events
        reportProtocolError(`A ${event} listener threw: ${(error as Error).message}`);
      }
    }
  }

  function request(method: MethodName, params: unknown): Promise<unknown> {
    if (disposed) return Promise.reject(new WorkbenchError('engine-unavailable', 'The connection to the engine was closed.'));
    const ws = socket;
    const opening = ws !== null && ws.readyState === CONNECTING;
    if (ws === null || (!opening && ws.readyState !== OPEN)) {
      return Promise.reject(
        new WorkbenchError('engine-unavailable', 'Not connected to the engine; reconnecting…'),
      );
    }
    const id = nextId++;
    const frame = encodeFrame({ type: 'request', id, method, params });
    return new Promise((resolve, reject) => {
      pending.set(id, { method, resolve, reject });
      if (opening) queued.push({ id, frame });
      else ws.send(frame);
    });
  }

  function subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    // wrap so the same function subscribed twice gets two independent subscriptions
    const entry = (payload: unknown): void => listener(payload);
    set.add(entry);
    return () => void set.delete(entry);
  }

  const api: Record<string, unknown> = {};
  for (const method of methodNames) api[method] = (params: unknown) => request(method, params);
  for (const event of eventNames) {
    api[subscriberName(event)] = (listener: (payload: unknown) => void) => subscribe(event, listener);
  }

  connect();

  return {
    api: api as WorkbenchApi,
    get connection() {
      return connection;
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connection);
      return () => void connectionListeners.delete(listener);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
      const ws = socket;
      socket = null;
      ws?.close(1000, 'closed by the page');
      rejectAll('The connection to the engine was closed.');
      setConnection({ state: 'closed', detail: 'closed by the page' });
    },
  };
}
