// createWindow() without an Electron binary: the options it builds every window with and
// the handlers it installs, driven through a stand-in BrowserWindow.
import { isAbsolute } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  class FakeContents {
    listeners = new Map<string, Listener>();
    openHandler: ((details: { url: string }) => { action: string }) | null = null;
    on(name: string, listener: Listener) {
      this.listeners.set(name, listener);
      return this;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    }
  }
  class FakeWindow {
    static built: FakeWindow[] = [];
    webContents = new FakeContents();
    loaded: string | null = null;
    constructor(readonly options: Record<string, unknown>) {
      FakeWindow.built.push(this);
    }
    once() {
      return this;
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
  }
  return { FakeWindow, app: { isPackaged: true }, shell: { openExternal: vi.fn(() => Promise.resolve()) } };
});
vi.mock('electron', () => ({ BrowserWindow: electron.FakeWindow, app: electron.app, shell: electron.shell }));

const { createMainWindow, createWindow } = await import('./window');

function navigationEvent(url: string, isMainFrame = true) {
  return { url, isMainFrame, preventDefault: vi.fn() };
}

function build() {
  createMainWindow();
  const window = electron.FakeWindow.built.at(-1)!;
  return { window, contents: window.webContents };
}

beforeEach(() => {
  electron.FakeWindow.built = [];
  electron.shell.openExternal.mockClear();
  electron.app.isPackaged = true;
  delete process.env.ELECTRON_RENDERER_URL;
});

describe('createWindow', () => {
  it('builds every window isolated, sandboxed, without Node, with web security and the preload', () => {
    const { window } = build();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(isAbsolute(prefs.preload as string)).toBe(true);
    expect(prefs.preload).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(window.options.show).toBe(false);
  });

  it('ignores webPreferences smuggled in by a caller', () => {
    createWindow({ title: 'x', webPreferences: { nodeIntegration: true, sandbox: false, contextIsolation: false } } as never);
    const prefs = electron.FakeWindow.built[0]!.options.webPreferences;
    expect(prefs).toMatchObject({ nodeIntegration: false, sandbox: true, contextIsolation: true });
  });

  it('loads the bundle over app:, and the dev server only in an unpackaged app', () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    expect(build().window.loaded).toBe('app://workbench/index.html');
    electron.app.isPackaged = false;
    expect(build().window.loaded).toBe('http://localhost:5173/');
  });
});

describe('navigation and new windows', () => {
  it('lets frames navigate only to the app page', () => {
    const { contents } = build();
    const navigate = contents.listeners.get('will-frame-navigate')!;
    const own = navigationEvent('app://workbench/index.html?x=1#/draw');
    navigate(own);
    expect(own.preventDefault).not.toHaveBeenCalled();
    for (const url of [
      'app://workbench/other.html',
      'app://evil/index.html',
      'file:///etc/passwd',
      'https://evil.example/',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
    ]) {
      for (const isMainFrame of [true, false]) {
        const event = navigationEvent(url, isMainFrame);
        navigate(event);
        expect(event.preventDefault, url).toHaveBeenCalled();
      }
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('opens an allow-listed link clicked in the page in the browser, not in a subframe', () => {
    const { contents } = build();
    const navigate = contents.listeners.get('will-frame-navigate')!;
    navigate(navigationEvent('https://github.com/zalandoresearch/fashion-mnist', false));
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    const event = navigationEvent('https://github.com/zalandoresearch/fashion-mnist');
    navigate(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://github.com/zalandoresearch/fashion-mnist');
  });

  it('refuses redirects away from the app and every <webview>', () => {
    const { contents } = build();
    const redirect = navigationEvent('https://evil.example/');
    contents.listeners.get('will-redirect')!(redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const attach = { preventDefault: vi.fn() };
    contents.listeners.get('will-attach-webview')!(attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('denies every window.open, handing only allow-listed https links to the browser', () => {
    const { contents } = build();
    const open = contents.openHandler!;
    for (const url of ['app://workbench/index.html', 'https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(open({ url })).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(open({ url: 'https://www.tensorflow.org/js' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://www.tensorflow.org/js');
  });
});
