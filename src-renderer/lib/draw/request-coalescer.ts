/**
 * Keeps inference requests from piling up while the user draws: at most one request in
 * flight and one waiting, the waiting one replaced by each newer input, so the engine is
 * never asked about stale strokes and the last input submitted is always answered.
 */

/** Submits inputs; see createCoalescer. */
export interface Coalescer<I> {
  /** Runs `input` now if idle, else makes it the one waiting (dropping any older one). */
  submit(input: I): void;
  /** True while a run is in flight. Read inside the callbacks, it tells whether another follows. */
  readonly pending: boolean;
  /** Drops the waiting input and silences callbacks for runs still in flight. */
  dispose(): void;
}

/**
 * Coalesces calls of `run`. Each run's outcome goes to `onResult` or `onError` (which also
 * receives a throwing `onResult`'s error), after the next waiting run has started.
 */
export function createCoalescer<I, O>(
  run: (input: I) => Promise<O>,
  onResult: (output: O, input: I) => void,
  onError: (error: unknown, input: I) => void,
): Coalescer<I> {
  let inFlight = false;
  let waiting: { input: I } | null = null;
  let disposed = false;

  function start(input: I): void {
    inFlight = true;
    let promise: Promise<O>;
    try {
      promise = run(input);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (output) => settle(input, () => onResult(output, input)),
      (error: unknown) => settle(input, () => onError(error, input)),
    );
  }

  function settle(input: I, report: () => void): void {
    inFlight = false;
    const next = waiting;
    waiting = null;
    if (next && !disposed) start(next.input);
    if (disposed) return;
    try {
      report();
    } catch (error) {
      onError(error, input);
    }
  }

  return {
    submit(input: I): void {
      if (disposed) return;
      if (inFlight) waiting = { input };
      else start(input);
    },
    get pending(): boolean {
      return inFlight;
    },
    dispose(): void {
      disposed = true;
      waiting = null;
    },
  };
}
