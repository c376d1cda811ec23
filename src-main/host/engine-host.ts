/**
 * Owns the engine process: correlates requests with replies, validates everything the
 * engine sends, relays events, and restarts the engine when it dies (at most 3 times in
 * 5 minutes; then it reports "failed" and waits for the user: `restart()`, or a `getInfo`,
 * which the UI sends when the user presses "Restart the engine" or reconnects).
 */
import type { EngineStatus, MethodName, MethodParams, MethodResult, ValidEvent } from '../protocol';
import { WorkbenchError, checkEvent, checkReply, checkResult, messageType } from '../protocol';
import type { EngineProcess, EngineSpawner, ExitInfo } from './engine-process';
import { InterruptedWork } from './interrupted-work';

/** Methods that can rightly take minutes (copying a large run folder on a slow disk, writing
 * every image's code): given up on sooner, the page would say they failed while the engine
 * goes on and finishes them. */
export const LONG_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['importModel', 'exportRun']);

export interface EngineHostOptions {
  /** a request unanswered this long is rejected with `timeout` */
  requestTimeoutMs?: number;
  /** the same for LONG_METHODS */
  longRequestTimeoutMs?: number;
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
  private readonly work: InterruptedWork;
  private disposed = false;
  private lastStatus: EngineStatus = { state: 'starting', detail: 'Starting the engine…', runId: null };

  constructor(
    private readonly spawn: EngineSpawner,
    private readonly options: EngineHostOptions = {},
  ) {
    this.work = new InterruptedWork(options.now);
  }

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
    // getInfo is the UI's handshake: after the crash budget ran out it is the user asking again
    if (!this.process && method === 'getInfo' && this.lastStatus.state === 'failed') this.restart();
    const child = this.process;
    if (!child) return Promise.reject(new WorkbenchError('engine-unavailable', 'The engine is not running. ' + this.lastStatus.detail));
    const id = this.nextId++;
    const timeoutMs = LONG_METHODS.has(method) ? (this.options.longRequestTimeoutMs ?? 10 * 60_000) : (this.options.requestTimeoutMs ?? 60_000);
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
    if (!result.ok) return pending.reject(WorkbenchError.from(result.error));
    pending.resolve(this.annotate(pending.method, result.value));
  }

  /** Adds what only the host knows to a result. */
  private annotate(method: MethodName, result: unknown): unknown {
    if (method === 'getInfo') {
      const pid = this.process?.pid;
      return pid === undefined ? result : { ...(result as object), enginePid: pid };
    }
    if (method === 'startProjection') this.work.projectionStarted((result as MethodResult<'startProjection'>).projectionId);
    return result;
  }

  private receiveEvent(message: unknown): void {
    const checked = checkEvent(message);
    if (!checked.ok) return this.options.log?.(checked.error.message);
    this.track(checked.value);
    this.publish(checked.value);
  }

  private track(event: ValidEvent): void {
    if (event.event === 'engineStatus') this.lastStatus = event.payload;
    this.work.observe(event);
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
    const interruptedRun = this.work.activeRunId();
    const closing = this.work.close(cause);
    if (this.disposed || info.reason === 'killed') {
      this.rejectAll(`The engine was stopped (${cause}) before it answered.`);
      return;
    }
    this.rejectAll(`The engine stopped unexpectedly (${cause}) before it answered; it is restarting, so try again in a moment.`);
    // the run's own loop and any projection died with the process: close them for the UI
    for (const event of closing) this.publish(event);
    const during = interruptedRun ? ` during run ${interruptedRun}, which was interrupted (resume it from the Runs view)` : '';
    const now = this.options.now?.() ?? Date.now();
    const budget = this.options.crashBudget ?? { crashes: 3, windowMs: 5 * 60_000 };
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < budget.windowMs), now];
    if (this.crashTimes.length > budget.crashes) {
      this.publishStatus({
        state: 'failed',
        detail: `The engine crashed ${this.crashTimes.length} times in ${budget.windowMs / 60_000} minutes (last: ${cause}${during}); it was not restarted again. Restart it to try again.`,
        runId: null,
      });
      return;
    }
    this.publishStatus({ state: 'restarting', detail: `The engine stopped unexpectedly (${cause})${during}; restarting it…`, runId: null });
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
