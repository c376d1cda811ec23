import { afterEach, describe, expect, it } from 'vitest';
import { WorkbenchError, decodeFrame, encodeFrame } from '../../../src-main/protocol';
import type { EngineStatus, TrainingProgress } from '../../../src-main/protocol';
import { createWebSocketTransport } from './websocket-transport';
import type { ConnectionSnapshot, SocketLike, WebSocketTransport } from './websocket-transport';

/** A WebSocket double: the test opens, feeds and closes it by hand. */
class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];
  binaryType = 'blob';
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  sent: unknown[] = [];
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string | Uint8Array): void {
    this.sent.push(decodeFrame(data));
  }
  close(code = 1000, reason = ''): void {
    this.serverClose(code, reason);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  serverClose(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  /** delivers what a server would send, through the real codec */
  deliver(message: unknown): void {
    const frame = encodeFrame(message);
    if (typeof frame === 'string') this.onmessage?.({ data: frame });
    else this.onmessage?.({ data: frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) });
  }
}

const info = { backend: 'wasm', reason: 'tfjs-node not installed', versions: { node: '20' }, dataDir: '/tmp/x' };

let transport: WebSocketTransport | null = null;
let timers: { callback: () => void; ms: number }[] = [];
let protocolErrors: string[] = [];

function start(): { socket: () => FakeSocket; t: WebSocketTransport } {
  FakeSocket.instances = [];
  timers = [];
  protocolErrors = [];
  transport = createWebSocketTransport({
    url: 'ws://host/ws?token=abc',
    Socket: FakeSocket,
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => undefined,
    onProtocolError: (message) => protocolErrors.push(message),
  });
  return { socket: () => FakeSocket.instances.at(-1)!, t: transport };
}

afterEach(() => {
  transport?.dispose();
  transport = null;
});

describe('WebSocket transport', () => {
  it('connects to the URL with binary frames as ArrayBuffers', () => {
    const { socket } = start();
    expect(socket().url).toBe('ws://host/ws?token=abc');
    expect(socket().binaryType).toBe('arraybuffer');
  });

  it('has a function for every method and every event of the contract', () => {
    const { t } = start();
    expect(typeof t.api.getInfo).toBe('function');
    expect(typeof t.api.startTraining).toBe('function');
    expect(typeof t.api.onTrainingProgress).toBe('function');
    expect(typeof t.api.onEngineStatus).toBe('function');
  });

  it('queues requests until the socket opens, then resolves the validated result', async () => {
    const { socket, t } = start();
    const reply = t.api.getInfo({});
    expect(socket().sent).toEqual([]);
    socket().open();
    expect(socket().sent).toEqual([{ type: 'request', id: 1, method: 'getInfo', params: {} }]);
    socket().deliver({ type: 'reply', id: 1, ok: true, result: info });
    await expect(reply).resolves.toEqual(info);
  });

  it('rejects with the WorkbenchError of an error reply', async () => {
    const { socket, t } = start();
    socket().open();
    const reply = t.api.startTraining({ datasetId: 'mnist-10k', model: 'dense-ae' });
    socket().deliver({ type: 'reply', id: 1, ok: false, error: { code: 'busy', message: 'A run is in progress.' } });
    const error = await reply.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'busy', message: 'A run is in progress.' });
  });

  it('rejects a result that breaks the contract instead of passing it on', async () => {
    const { socket, t } = start();
    socket().open();
    const reply = t.api.stopTraining({ runId: 'r1' });
    socket().deliver({ type: 'reply', id: 1, ok: true, result: { stopped: 'yes' } });
    await expect(reply).rejects.toMatchObject({ code: 'internal' });
  });

  it('dispatches validated events, including typed arrays in binary frames', () => {
    const { socket, t } = start();
    socket().open();
    const progress: TrainingProgress[] = [];
    const statuses: EngineStatus[] = [];
    t.api.onTrainingProgress((p) => progress.push(p));
    const off = t.api.onEngineStatus((s) => statuses.push(s));
    const pixels = new Float32Array([0, 0.5, 1, 0.25]);
    socket().deliver({
      type: 'event',
      event: 'trainingProgress',
      payload: { kind: 'reconstructions', runId: 'r1', seq: 3, epoch: 1, count: 1, width: 2, height: 2, originals: pixels, reconstructions: pixels },
    });
    socket().deliver({ type: 'event', event: 'engineStatus', payload: { state: 'ready', detail: 'Ready.', runId: null } });
    off();
    socket().deliver({ type: 'event', event: 'engineStatus', payload: { state: 'training', detail: 'Training.', runId: 'r1' } });
    expect(progress).toHaveLength(1);
    const first = progress[0]!;
    expect(first.kind === 'reconstructions' && first.originals).toEqual(pixels);
    expect(statuses).toEqual([{ state: 'ready', detail: 'Ready.', runId: null }]);
  });

  it('reports invalid events and unknown message types loudly and drops them', () => {
    const { socket, t } = start();
    socket().open();
    const statuses: EngineStatus[] = [];
    t.api.onEngineStatus((s) => statuses.push(s));
    socket().deliver({ type: 'event', event: 'engineStatus', payload: { state: 'sleepy', detail: '', runId: null } });
    socket().deliver({ type: 'event', event: 'somethingElse', payload: {} });
    socket().deliver({ type: 'hello' });
    socket().onmessage?.({ data: 'not json' });
    expect(statuses).toEqual([]);
    expect(protocolErrors).toHaveLength(4);
  });

  it('rejects pending requests with engine-unavailable when the socket drops, then reconnects with backoff', async () => {
    const { socket, t } = start();
    const snapshots: ConnectionSnapshot[] = [];
    t.onConnection((s) => snapshots.push(s));
    socket().open();
    const first = socket();
    const reply = t.api.getInfo({});
    first.serverClose(1006);
    await expect(reply).rejects.toMatchObject({ name: 'WorkbenchError', code: 'engine-unavailable' });
    expect(t.connection.state).toBe('reconnecting');
    expect(timers).toHaveLength(1);
    // calls made while waiting to reconnect fail at once rather than hang
    await expect(t.api.listDatasets({})).rejects.toMatchObject({ code: 'engine-unavailable' });

    timers[0]!.callback();
    expect(socket()).not.toBe(first);
    socket().serverClose(1006);
    expect(timers.map((x) => x.ms)).toEqual([500, 1000]);
    timers[1]!.callback();
    socket().open();
    expect(t.connection).toMatchObject({ state: 'open', attempt: 0, generation: 2 });
    expect(snapshots.map((s) => s.state)).toEqual(['connecting', 'open', 'reconnecting', 'reconnecting', 'open']);

    // replies that belonged to the dead socket are not resurrected
    const again = t.api.getInfo({});
    socket().deliver({ type: 'reply', id: 2, ok: true, result: info });
    await expect(again).resolves.toEqual(info);
  });

  it('rejects what is pending and stops reconnecting once disposed', async () => {
    const { socket, t } = start();
    socket().open();
    const pending = t.api.getInfo({});
    t.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'engine-unavailable' });
    expect(t.connection.state).toBe('closed');
    expect(timers).toEqual([]);
    await expect(t.api.getInfo({})).rejects.toBeInstanceOf(WorkbenchError);
  });

  it('reports a reply to a request it never sent', () => {
    const { socket } = start();
    socket().open();
    socket().deliver({ type: 'reply', id: 99, ok: true, result: {} });
    expect(protocolErrors).toHaveLength(1);
  });
});
