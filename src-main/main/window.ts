/**
 * Every window of the app is built by createWindow(): hardened webPreferences the caller
 * cannot loosen, the app's page and nothing else (navigation, redirects, window.open and
 * <webview> refused; allow-listed https links go to the user's browser).
 */
import { BrowserWindow, app, shell } from 'electron';
import type { BrowserWindowConstructorOptions, Event, WebContents, WebPreferences } from 'electron';
import { fileURLToPath } from 'node:url';
import { appPageUrl, isAppPage } from './app-page';
import { allowedExternalUrl } from './external-links';

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

/** What every window's page runs with. */
const HARDENED_WEB_PREFERENCES: Readonly<WebPreferences> = Object.freeze({
  preload: PRELOAD,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
});

/** The page every window shows; electron-vite's dev server only in an unpackaged app. */
export function appPage(): string {
  return appPageUrl(app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL);
}

/** A window on the app's page; `options` may set size and title, never webPreferences. */
export function createWindow(options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>): BrowserWindow {
  const window = new BrowserWindow({ ...options, show: false, webPreferences: { ...HARDENED_WEB_PREFERENCES } });
  guardContents(window.webContents, appPage());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appPage());
  return window;
}

export function createMainWindow(): BrowserWindow {
  return createWindow({ width: 1280, height: 840, minWidth: 900, minHeight: 600, title: 'Latent Workbench' });
}

/** Keeps `contents` on `page`: everything else is refused, allow-listed links open outside. */
function guardContents(contents: WebContents, page: string): void {
  const refuse = (event: Event, url: string): boolean => {
    if (isAppPage(url, page)) return false;
    event.preventDefault();
    return true;
  };
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  // Electron asks this for every frame, the main one included, before 'will-navigate' (which
  // it skips once this refused); a link clicked in the page opens in the user's browser
  contents.on('will-frame-navigate', (event) => {
    if (refuse(event, event.url) && event.isMainFrame) openOutside(event.url);
  });
  contents.on('will-redirect', (event) => void refuse(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function openOutside(url: string): void {
  const allowed = allowedExternalUrl(url);
  if (allowed) void shell.openExternal(allowed);
}
