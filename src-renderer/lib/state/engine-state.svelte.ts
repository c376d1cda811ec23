/** What the status bar shows: backend, engine state, and (serve mode) the connection. */
import type { EngineInfo, EngineStatus, WorkbenchApi } from '../../../src-main/protocol';
import type { ConnectionSnapshot } from '../api/websocket-transport';
import { describeError } from './describe-error';

/** After an unexpected engine exit: restarting, back (restarted), or given up until the user asks. */
export interface EngineCrash {
  phase: 'restarting' | 'restarted' | 'failed';
  /** the host's sentence: the cause, the interrupted run, what happens next */
  detail: string;
}

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
  /** the last engine crash until the user dismisses it; null when there was none */
  crash = $state.raw<EngineCrash | null>(null);
  /** whether a restart the user asked for is under way */
  restarting = $state(false);
  // the API loadInfo was given, to ask again after a restart
  private api: Pick<WorkbenchApi, 'getInfo'> | null = null;

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
    this.api = api;
    try {
      this.info = await api.getInfo({});
      this.infoError = null;
    } catch (error) {
      this.infoError = `Backend unknown: ${describeError(error)}`;
    }
  }

  /** Takes an engineStatus event; follows a crash through the restart. */
  applyStatus(status: EngineStatus): void {
    this.status = status;
    if (status.state === 'restarting' || status.state === 'failed') {
      this.crash = { phase: status.state, detail: status.detail };
    } else if (this.crash && this.crash.phase !== 'restarted') {
      if (status.state === 'starting') this.crash = { ...this.crash, phase: 'restarting' };
      else {
        this.crash = { ...this.crash, phase: 'restarted' };
        // a new process: its pid (and possibly its backend) changed
        if (this.api) void this.loadInfo(this.api);
      }
    }
  }

  /** Asks for the engine again after it crashed too often: the host restarts it on getInfo. */
  async restart(): Promise<void> {
    if (!this.api || this.restarting) return;
    this.restarting = true;
    try {
      await this.loadInfo(this.api);
    } finally {
      this.restarting = false;
    }
  }

  /** Hides the crash notice once read. */
  dismissCrash(): void {
    this.crash = null;
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
