// The IPC router's sender check against forged senders, and that it runs before the payload
// is even looked at.
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineHost } from '../host/engine-host';
import { methodNames, requestChannel } from '../protocol';

const handlers = vi.hoisted(() => new Map<string, (event: unknown, params: unknown) => Promise<unknown>>());
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, params: unknown) => Promise<unknown>) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { isFromAppPage, routeIpc } = await import('./ipc-router');

const PAGE = 'app://workbench/index.html';

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  processId: number;
  routingId: number;
  detached: boolean;
  isDestroyed(): boolean;
}

function frame(overrides: Partial<FakeFrame> = {}): FakeFrame {
  return { url: `${PAGE}#/train`, parent: null, processId: 4, routingId: 1, detached: false, isDestroyed: () => false, ...overrides };
}

function windowWith(top: FakeFrame, destroyed = false) {
  const webContents = { mainFrame: top };
  return { webContents, isDestroyed: () => destroyed } as unknown as BrowserWindow;
}

function eventFrom(sender: unknown, senderFrame: unknown): IpcMainInvokeEvent {
  return { sender, senderFrame } as IpcMainInvokeEvent;
}

describe('isFromAppPage', () => {
  it("accepts the window's top frame showing the app page", () => {
    const top = frame();
    const window = windowWith(top);
    expect(isFromAppPage(window, eventFrom(window.webContents, top), PAGE)).toBe(true);
  });

  it('refuses forged and stale senders', () => {
    const top = frame();
    const window = windowWith(top);
    const own = window.webContents;
    const cases: [string, IpcMainInvokeEvent, BrowserWindow | null][] = [
      ['no window', eventFrom(own, top), null],
      ['a destroyed window', eventFrom(own, top), windowWith(top, true)],
      ['another webContents', eventFrom({ mainFrame: top }, top), window],
      ['no frame', eventFrom(own, null), window],
      ['another origin', eventFrom(own, frame({ url: 'https://evil.example/index.html' })), window],
      ['another scheme, same host', eventFrom(own, frame({ url: 'evil://workbench/index.html' })), window],
      ['a file: page', eventFrom(own, frame({ url: 'file:///tmp/index.html' })), window],
      ['another page of the app', eventFrom(own, frame({ url: 'app://workbench/assets/x.html' })), window],
      ['about:blank', eventFrom(own, frame({ url: 'about:blank' })), window],
      ['a subframe on the app page', eventFrom(own, frame({ parent: top, routingId: 7 })), window],
      ['a subframe posing as top', eventFrom(own, frame({ routingId: 7 })), window],
      ['a frame of another process', eventFrom(own, frame({ processId: 9 })), window],
      ['a destroyed frame', eventFrom(own, frame({ isDestroyed: () => true })), window],
      ['a detached frame', eventFrom(own, frame({ detached: true })), window],
    ];
    for (const [what, event, win] of cases) expect(isFromAppPage(win, event, PAGE), what).toBe(false);
  });

  it('refuses a frame disposed while it is read', () => {
    const top = frame();
    const window = windowWith(top);
    const disposed = (): never => {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    };
    const stale = Object.defineProperty(frame(), 'url', { get: disposed });
    expect(isFromAppPage(window, eventFrom(window.webContents, stale), PAGE)).toBe(false);
    const gone = Object.defineProperty({ sender: window.webContents }, 'senderFrame', { get: disposed });
    expect(isFromAppPage(window, gone as unknown as IpcMainInvokeEvent, PAGE)).toBe(false);
  });
});

describe('routeIpc', () => {
  const request = vi.fn(async () => ({ backend: 'wasm' }));
  const engine = { request } as unknown as EngineHost;
  let trusted = true;
  let unroute: () => void;

  beforeEach(() => {
    handlers.clear();
    request.mockClear();
    trusted = true;
    unroute = routeIpc(engine, () => trusted);
  });

  it('installs one handler per contract method and removes them', () => {
    expect([...handlers.keys()].sort()).toEqual(methodNames.map(requestChannel).sort());
    unroute();
    expect(handlers.size).toBe(0);
  });

  it('refuses an untrusted sender before looking at its payload', async () => {
    trusted = false;
    const call = handlers.get(requestChannel('getInfo'))!;
    for (const params of [{}, { unexpected: 1 }, null, 'x'.repeat(1e6)]) {
      expect(await call({}, params)).toEqual({
        ok: false,
        error: { code: 'bad-request', message: 'Request refused: it did not come from the workbench window.' },
      });
    }
    expect(request).not.toHaveBeenCalled();
  });

  it('then validates the payload against the contract', async () => {
    const call = handlers.get(requestChannel('getInfo'))!;
    expect(await call({}, { unexpected: 1 })).toMatchObject({ ok: false, error: { code: 'bad-request', message: /Invalid parameters for getInfo/ } });
    expect(request).not.toHaveBeenCalled();
    expect(await call({}, {})).toEqual({ ok: true, result: { backend: 'wasm' } });
    expect(request).toHaveBeenCalledExactlyOnceWith('getInfo', {});
  });
});
