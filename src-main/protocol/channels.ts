/** Every IPC channel name of the app, in one place. */
import type { MethodName } from './contract';

const PREFIX = 'workbench:';

/** The channel that carries requests for `method` (ipcRenderer.invoke / ipcMain.handle). */
export function requestChannel(method: MethodName): string {
  return `${PREFIX}${method}`;
}

/** The channel on which main pushes every event to the window. */
export const EVENT_CHANNEL = `${PREFIX}event`;

/** The WebSocket path of serve mode. */
export const WEBSOCKET_PATH = '/ws';
