/**
 * Routes the window's requests to the engine. Every call is checked twice: the sender must
 * be our own window's top frame showing our own page, and the params must match the contract.
 */
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent, WebContents } from 'electron';
import type { BridgeReply, MethodName } from '../protocol';
import { EVENT_CHANNEL, WorkbenchError, methodNames, methods, requestChannel } from '../protocol';
import type { EngineHost } from '../host/engine-host';
import { isAppPage } from './app-page';

/**
 * True when an IPC call comes from `window`'s live top frame showing `page`: not another
 * window, not a subframe, not a frame that navigated away or was destroyed meanwhile.
 */
export function isFromAppPage(window: BrowserWindow | null, event: IpcMainInvokeEvent, page: string): boolean {
  if (!window || window.isDestroyed() || event.sender !== window.webContents) return false;
  try {
    const frame = event.senderFrame;
    const top = window.webContents.mainFrame;
    return (
      frame !== null &&
      !frame.isDestroyed() &&
      !frame.detached &&
      frame.parent === null &&
      frame.processId === top.processId &&
      frame.routingId === top.routingId &&
      isAppPage(frame.url, page)
    );
  } catch {
    // Electron throws when a frame is disposed while it is being read
    return false;
  }
}

/** Installs one handler per method; returns a function that removes them. */
export function routeIpc(engine: EngineHost, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const method of methodNames) {
    ipcMain.handle(requestChannel(method), (event, params: unknown) => handle(engine, method, event, params, isTrustedSender));
  }
  return () => methodNames.forEach((method) => ipcMain.removeHandler(requestChannel(method)));
}

async function handle(
  engine: EngineHost,
  method: MethodName,
  event: IpcMainInvokeEvent,
  params: unknown,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): Promise<BridgeReply<MethodName>> {
  if (!isTrustedSender(event)) {
    return { ok: false, error: { code: 'bad-request', message: 'Request refused: it did not come from the workbench window.' } };
  }
  const parsed = methods[method].params.safeParse(params);
  if (!parsed.success) {
    return { ok: false, error: { code: 'bad-request', message: `Invalid parameters for ${method}: ${parsed.error.issues[0]?.message ?? 'rejected'}` } };
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the method/params pair was just validated together
    return { ok: true, result: await engine.request(method, parsed.data as any) };
  } catch (error) {
    const e = error instanceof WorkbenchError ? error : new WorkbenchError('internal', String(error));
    return { ok: false, error: { code: e.code, message: e.message } };
  }
}

/** Pushes every engine event to the window. */
export function relayEvents(engine: EngineHost, contents: () => WebContents | null): () => void {
  return engine.onEvent((event) => {
    const target = contents();
    if (target && !target.isDestroyed()) target.send(EVENT_CHANNEL, event);
  });
}
