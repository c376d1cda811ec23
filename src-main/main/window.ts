/** The hardened main window. */
import { BrowserWindow, shell } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const PAGE = fileURLToPath(new URL('../renderer/index.html', import.meta.url));

/** The page the window may show: the built renderer, or electron-vite's dev server. */
function pageUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(PAGE).href;
}

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 900,
    minHeight: 600,
    title: 'Latent Workbench',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // the app never navigates: links open in the user's browser, everything else is refused
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window.webContents.getURL()) event.preventDefault();
  });
  void window.loadURL(pageUrl());
  return window;
}

/** True when an IPC call comes from `window`'s top frame showing our own page. */
export function isFromWindow(window: BrowserWindow | null, event: IpcMainInvokeEvent): boolean {
  if (!window || window.isDestroyed() || event.sender !== window.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== window.webContents.mainFrame) return false;
  const expected = new URL(pageUrl());
  const actual = new URL(frame.url);
  return actual.protocol === expected.protocol && actual.host === expected.host && actual.pathname === expected.pathname;
}
