// The app's start-up order without Electron: renderers sandboxed and the app: scheme
// registered before ready; protocol and permission handlers installed before the first
// window; IPC routed through the sender check.
import { describe, expect, it, vi } from 'vitest';
import { requestChannel } from '../protocol';

const fake = vi.hoisted(() => {
  let ready!: () => void;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  const session = {
    protocol: { handle: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    on: vi.fn(),
    removeListener: vi.fn(),
  };
  return {
    ready: () => ready(),
    app: {
      isPackaged: true,
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: () => true,
      whenReady: () => whenReady,
      getPath: () => '/tmp/latent-user-data',
      on: vi.fn(),
      quit: vi.fn(),
    },
    session,
    registerSchemesAsPrivileged: vi.fn(),
    handlers: new Map<string, (event: unknown, params: unknown) => Promise<unknown>>(),
    window: { on: vi.fn(), isDestroyed: () => false, webContents: {} },
    createMainWindow: vi.fn(),
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  session: { defaultSession: fake.session },
  protocol: { registerSchemesAsPrivileged: fake.registerSchemesAsPrivileged },
  BrowserWindow: { getAllWindows: () => [] },
  ipcMain: { handle: (channel: string, handler: never) => fake.handlers.set(channel, handler), removeHandler: vi.fn() },
}));
vi.mock('./window', () => ({ appPage: () => 'app://workbench/index.html', createMainWindow: fake.createMainWindow }));
vi.mock('./utility-spawner', () => ({ utilitySpawner: () => () => null }));
vi.mock('../host/engine-host', () => ({
  EngineHost: class {
    start() {}
    onEvent() {
      return () => {};
    }
    request = vi.fn();
  },
}));

describe('main start-up', () => {
  it('sandboxes every renderer and registers the app: scheme before the app is ready', async () => {
    fake.createMainWindow.mockReturnValue(fake.window);
    await import('./index');
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app' })]);
    expect(fake.session.protocol.handle).not.toHaveBeenCalled();
    expect(fake.createMainWindow).not.toHaveBeenCalled();
  });

  it('serves the bundle, refuses permissions and asks where downloads go before the first window opens', async () => {
    fake.ready();
    await vi.waitFor(() => expect(fake.createMainWindow).toHaveBeenCalled());
    const first = fake.createMainWindow.mock.invocationCallOrder[0]!;
    expect(fake.session.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    for (const setter of [
      fake.session.protocol.handle,
      fake.session.setPermissionRequestHandler,
      fake.session.setPermissionCheckHandler,
      fake.session.setDevicePermissionHandler,
      fake.session.on,
    ]) {
      expect(setter.mock.invocationCallOrder[0]).toBeLessThan(first);
    }
    expect(fake.session.on).toHaveBeenCalledWith('will-download', expect.any(Function));
  });

  it("routes IPC only from the window's own page", async () => {
    const call = fake.handlers.get(requestChannel('getInfo'))!;
    const forged = { sender: { mainFrame: {} }, senderFrame: { url: 'app://workbench/index.html', parent: null } };
    expect(await call(forged, {})).toMatchObject({ ok: false, error: { message: /did not come from the workbench window/ } });
  });
});
