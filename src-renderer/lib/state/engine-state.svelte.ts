/** What the status bar shows: backend, engine state, and (serve mode) the connection. */
import type { EngineInfo, EngineStatus, WorkbenchApi } from '../../../src-main/protocol';
import type { ConnectionSnapshot } from '../api/websocket-transport';
import { describeError } from './describe-error';

/** Engine facts gathered from getInfo, engineStatus events and the transport. */
export class EngineState {
  /** backend and why, once getInfo answers */
  info = $state.raw<EngineInfo | null>(null);
  /** why getInfo failed, if it did */
  infoError = $state<string | null>(null);
  /** the latest engineStatus event */
  status = $state.raw<EngineStatus | null>(null);
  /** the WebSocket's state; null under Electron IPC, where there is no connection to lose */
  connection = $state.raw<ConnectionSnapshot | null>(null);

  /** false while serve mode's socket is down */
  readonly reachable = $derived(this.connection === null || this.connection.state === 'open');
  /** "wasm — tfjs-node not installed: …" */
  readonly backendText = $derived(
    this.info
      ? describeBackend(this.info)
      : (this.infoError ?? (this.reachable ? 'asking the engine…' : 'unknown until the engine is reachable')),
  );
  /** connection in words, null under IPC */
  readonly connectionText = $derived(describeConnection(this.connection));

  /** Asks the engine about itself; a failure is kept for the status bar, not thrown. */
  async loadInfo(api: Pick<WorkbenchApi, 'getInfo'>): Promise<void> {
    try {
      this.info = await api.getInfo({});
      this.infoError = null;
    } catch (error) {
      this.infoError = `Backend unknown: ${describeError(error)}`;
    }
  }

  /** Takes an engineStatus event. */
  applyStatus(status: EngineStatus): void {
    this.status = status;
  }

  /** Takes a connection snapshot from the WebSocket transport. */
  setConnection(snapshot: ConnectionSnapshot): void {
    this.connection = snapshot;
  }
}

/** "wasm — tfjs-node not installed: …", without repeating the name if the reason starts with it. */
export function describeBackend(info: Pick<EngineInfo, 'backend' | 'reason'>): string {
  const reason = info.reason.trim();
  return reason.startsWith(info.backend) ? reason : `${info.backend} — ${reason}`;
}

/** Connection state in the status bar's words. */
export function describeConnection(snapshot: ConnectionSnapshot | null): string | null {
  if (snapshot === null) return null;
  switch (snapshot.state) {
    case 'connecting':
      return 'Connecting…';
    case 'open':
      return 'Connected';
    case 'reconnecting':
      return 'Disconnected — reconnecting…';
    case 'closed':
      return 'Disconnected';
  }
}
