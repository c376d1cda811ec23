/**
 * Electron main: thin. It makes the window, starts the engine through its host, routes
 * validated requests and relays events. It never trains.
 */
import { app, BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { EngineHost } from '../host/engine-host';
import { createMainWindow, isFromWindow } from './window';
import { relayEvents, routeIpc } from './ipc-router';
import { utilitySpawner } from './utility-spawner';

const ENGINE = fileURLToPath(new URL('./engine.js', import.meta.url));

let window: BrowserWindow | null = null;

function start(): void {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });

  void app.whenReady().then(() => {
    const env = { ...process.env, LATENT_HOME: process.env.LATENT_HOME ?? app.getPath('userData') };
    const engine = new EngineHost(utilitySpawner(ENGINE, env), { log: (m) => console.error(`[host] ${m}`) });
    engine.start();
    const unroute = routeIpc(engine, (event) => isFromWindow(window, event));
    const unrelay = relayEvents(engine, () => window?.webContents ?? null);
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
