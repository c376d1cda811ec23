/**
 * Owns the engine process: correlates requests with replies, validates everything the
 * engine sends, relays events, and restarts the engine when it dies (at most 3 times in
 * 5 minutes; then it reports "failed" and waits for `restart()`).
 */
import type { EngineStatus, MethodName, MethodParams, MethodResult, TrainingProgress, ValidEvent } from '../protocol';
import { WorkbenchError, checkEvent, checkReply, checkResult, messageType } from '../protocol';
import type { EngineProcess, EngineSpawner, ExitInfo } from './engine-process';

export interface EngineHostOptions {
  /** a request unanswered this long is rejected with `timeout` */
  requestTimeoutMs?: number;
  crashBudget?: { crashes: number; windowMs: number };
  /** where to report engine messages that fail validation */
  log?: (message: string) => void;
  now?: () => number;
}

interface Pending {
  method: MethodName;
  resolve: (value: unknown) => void;
  reject: (error: WorkbenchError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class EngineHost {
  private process: EngineProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: ValidEvent) => void>();
  private crashTimes: number[] = [];
  private activeRun: { runId: string; seq: number; epochsDone: number; valLoss: number | null } | null = null;
  private disposed = false;
  private lastStatus: EngineStatus = { state: 'starting', detail: 'Starting the engine…', runId: null };

  constructor(
    private readonly spawn: EngineSpawner,
    private readonly options: EngineHostOptions = {},
  ) {}

  /** Starts the engine process (again, after a "failed" state). */
  start(): void {
    if (this.disposed || this.process) return;
    const child = this.spawn();
    this.process = child;
    child.onMessage((message) => this.receive(message));
    child.onExit((info) => this.exited(child, info));
  }

  /** Forgets past crashes and starts the engine, e.g. when the user asks to retry. */
  restart(): void {
    this.crashTimes = [];
    this.start();
  }

  /** The engine's OS process id, for diagnostics. */
  enginePid(): number | undefined {
    return this.process?.pid;
  }

  /** The latest engine status, so a late subscriber can show it at once. */
  status(): EngineStatus {
    return this.lastStatus;
  }

  /** Sends a request; resolves with the validated result or rejects with a WorkbenchError. */
  request<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const child = this.process;
    if (!child) return Promise.reject(new WorkbenchError('engine-unavailable', 'The engine is not running. ' + this.lastStatus.detail));
    const id = this.nextId++;
    const timeoutMs = this.options.requestTimeoutMs ?? 60_000;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new WorkbenchError('timeout', `The engine did not answer ${method} within ${timeoutMs / 1000} s.`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
      child.send({ type: 'request', id, method, params });
    });
  }

  /** Listens to every validated engine event (and the host's own status events). */
  onEvent(listener: (event: ValidEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the engine for good. */
  dispose(): void {
    this.disposed = true;
    this.process?.kill();
    this.process = null;
    this.rejectAll('The workbench is shutting down.');
  }

  private receive(message: unknown): void {
    const type = messageType(message);
    if (type === 'reply') return this.receiveReply(message);
    if (type === 'event') return this.receiveEvent(message);
    this.options.log?.(`Ignored an engine message of unknown type: ${JSON.stringify(message)?.slice(0, 200)}`);
  }

  private receiveReply(message: unknown): void {
    const checked = checkReply(message);
    if (!checked.ok) return this.options.log?.(checked.error.message);
    const reply = checked.value;
    const pending = reply.id === null ? undefined : this.pending.get(reply.id);
    if (!pending || reply.id === null) return this.options.log?.(`Reply to unknown request ${reply.id}.`);
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (!reply.ok) return pending.reject(WorkbenchError.from(reply.error));
    const result = checkResult(pending.method, reply.result);
    if (result.ok) pending.resolve(result.value);
    else pending.reject(WorkbenchError.from(result.error));
  }

  private receiveEvent(message: unknown): void {
    const checked = checkEvent(message);
    if (!checked.ok) return this.options.log?.(checked.error.message);
    this.track(checked.value);
    this.publish(checked.value);
  }

  private track(event: ValidEvent): void {
    if (event.event === 'engineStatus') this.lastStatus = event.payload;
    if (event.event !== 'trainingProgress') return;
    const p = event.payload;
    if (p.kind === 'finished') this.activeRun = null;
    else if (p.kind === 'started') this.activeRun = { runId: p.runId, seq: p.seq, epochsDone: 0, valLoss: null };
    else if (this.activeRun?.runId === p.runId) {
      this.activeRun.seq = p.seq;
      if (p.kind === 'epoch') Object.assign(this.activeRun, { epochsDone: p.epoch, valLoss: p.valLoss });
    }
  }

  private publish(event: ValidEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private publishStatus(status: EngineStatus): void {
    this.lastStatus = status;
    this.publish({ event: 'engineStatus', payload: status });
  }

  private exited(child: EngineProcess, info: ExitInfo): void {
    if (child !== this.process) return;
    this.process = null;
    const cause = info.signal ? `signal ${info.signal}` : `exit code ${info.code}`;
    this.rejectAll(`The engine stopped (${cause}) before answering.`);
    if (this.disposed || info.reason === 'killed') return;
    if (this.activeRun) {
      // the run's own loop died with the process: close it for the UI in its own words
      const finished: TrainingProgress = {
        kind: 'finished',
        runId: this.activeRun.runId,
        seq: this.activeRun.seq + 1,
        status: 'failed',
        message: `The engine process stopped unexpectedly (${cause}) during this run; it is being restarted. Start the run again.`,
        epochsDone: this.activeRun.epochsDone,
        valLoss: this.activeRun.valLoss,
      };
      this.activeRun = null;
      this.publish({ event: 'trainingProgress', payload: finished });
    }
    const now = this.options.now?.() ?? Date.now();
    const budget = this.options.crashBudget ?? { crashes: 3, windowMs: 5 * 60_000 };
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < budget.windowMs), now];
    if (this.crashTimes.length > budget.crashes) {
      this.publishStatus({
        state: 'failed',
        detail: `The engine crashed ${this.crashTimes.length} times in ${budget.windowMs / 60_000} minutes (last: ${cause}); restart it to try again.`,
        runId: null,
      });
      return;
    }
    this.publishStatus({ state: 'restarting', detail: `The engine stopped (${cause}); restarting it…`, runId: null });
    this.start();
  }

  private rejectAll(reason: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new WorkbenchError('engine-unavailable', reason));
      this.pending.delete(id);
    }
  }
}
