/**
 * Electron main: thin. It makes the window, starts the engine through its host, routes
 * validated requests and relays events. It never trains. Before any page loads it sandboxes
 * every renderer, serves the bundle on the `app:` protocol, refuses all permissions and
 * sends downloads through the native Save dialog (the page's file inputs open the native
 * Open dialog by themselves).
 */
import { app, BrowserWindow, session } from 'electron';
import { fileURLToPath } from 'node:url';
import { EngineHost } from '../host/engine-host';
import { isAppPage } from './app-page';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { isFromAppPage, relayEvents, routeIpc } from './ipc-router';
import { denyAllPermissions } from './permissions';
import { askWhereToSave } from './save-dialog';
import { utilitySpawner } from './utility-spawner';
import { appPage, createMainWindow } from './window';

const ENGINE = fileURLToPath(new URL('./engine.js', import.meta.url));
const RENDERER = fileURLToPath(new URL('../renderer', import.meta.url));

let window: BrowserWindow | null = null;

function start(): void {
  app.enableSandbox();
  registerAppScheme();
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  void app.whenReady().then(() => {
    serveAppProtocol(session.defaultSession, RENDERER);
    denyAllPermissions(session.defaultSession);
    const unsave = askWhereToSave(session.defaultSession, app.getPath('downloads'));
    const env = { ...process.env, LATENT_HOME: process.env.LATENT_HOME ?? app.getPath('userData') };
    const engine = new EngineHost(utilitySpawner(ENGINE, env), { log: (m) => console.error(`[host] ${m}`) });
    engine.start();
    const unroute = routeIpc(engine, (event) => isFromAppPage(window, event, appPage()));
    // events (training data included) go only to a window showing the app's page
    const unrelay = relayEvents(engine, () =>
      window && !window.isDestroyed() && isAppPage(window.webContents.getURL(), appPage()) ? window.webContents : null,
    );
    const open = (): void => {
      window = createMainWindow();
      window.on('closed', () => (window = null));
    };
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
    app.on('will-quit', () => {
      unrelay();
      unroute();
      unsave();
      engine.dispose();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

// a second launch focuses the first window instead of starting a second engine
if (app.requestSingleInstanceLock()) start();
else app.quit();
