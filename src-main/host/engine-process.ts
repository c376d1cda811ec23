/** What the host needs from a running engine process, whoever started it. */

/** Why an engine process ended. */
export type ExitReason = 'exited' | 'crashed' | 'killed';

export interface ExitInfo {
  reason: ExitReason;
  code: number | null;
  signal: string | null;
}

/** One engine process: structured-clone messages in and out, and its end. */
export interface EngineProcess {
  /** OS process id, once started */
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (info: ExitInfo) => void): void;
  kill(): void;
}

/** Starts a fresh engine process. */
export type EngineSpawner = () => EngineProcess;

/** Classifies an exit: a clean 0 is an exit, a signal or other code is a crash. */
export function exitInfo(code: number | null, signal: string | null, killedByHost: boolean): ExitInfo {
  const reason: ExitReason = killedByHost ? 'killed' : code === 0 ? 'exited' : 'crashed';
  return { reason, code, signal };
}
