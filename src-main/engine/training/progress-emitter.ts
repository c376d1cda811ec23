/**
 * Numbers progress events and throttles batch events, so the UI gets at most a few dozen
 * updates a second however fast training runs. Epoch, reconstruction and finish events
 * always go out.
 */
import type { TrainingProgress } from '../../protocol';

/** An event before the emitter stamps its run id and sequence number. */
export type ProgressDraft = TrainingProgress extends infer T
  ? T extends TrainingProgress
    ? Omit<T, 'runId' | 'seq'>
    : never
  : never;

export class ProgressEmitter {
  private lastBatchAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly runId: string,
    private readonly sink: (event: TrainingProgress) => void,
    private readonly now: () => number,
    /** at most one batch event per this many milliseconds (50 ms = 20 updates/s) */
    private readonly batchIntervalMs = 50,
    /** the sequence number before the first event; a resumed run continues its own */
    private seq = 0,
  ) {}

  /** The last sequence number sent. */
  lastSeq(): number {
    return this.seq;
  }

  /** True when a batch event sent now would not be throttled; lets callers skip work. */
  batchDue(): boolean {
    return this.now() - this.lastBatchAt >= this.batchIntervalMs;
  }

  /** Sends an event; batch events inside the throttle window are dropped unless `force`d. */
  emit(draft: ProgressDraft, force = false): void {
    if (draft.kind === 'batch') {
      if (!force && !this.batchDue()) return;
      this.lastBatchAt = this.now();
    }
    this.sink({ ...draft, runId: this.runId, seq: ++this.seq } as TrainingProgress);
  }
}
