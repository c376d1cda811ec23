/**
 * Long computations in the engine share one thread with training and every request, so they
 * run in slices: `maybeYield()` gives the event loop a turn once a slice has lasted long
 * enough, and throws when the work has been cancelled meanwhile.
 */

/** Thrown by a cancelled computation; the caller reports it as cancelled, not failed. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'CancelledError';
  }
}

/** Work slices of at most ~this long keep a training step or a request waiting briefly. */
const SLICE_MS = 25;

/** Lets the event loop run between slices of work. */
export class TimeSlicer {
  private sliceStart = performance.now();

  constructor(
    private readonly signal?: AbortSignal,
    private readonly sliceMs = SLICE_MS,
  ) {}

  /** Yields when the current slice is over; throws CancelledError once aborted. */
  async maybeYield(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await this.yieldNow();
  }

  /** Always yields (then throws if aborted). */
  async yieldNow(): Promise<void> {
    // setImmediate runs after pending I/O, so messages and training batches get their turn
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
    this.check();
  }

  /** Throws CancelledError when aborted. */
  check(): void {
    if (this.signal?.aborted) throw new CancelledError();
  }
}
