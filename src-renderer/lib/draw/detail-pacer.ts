/**
 * Paces the costly part of a drawing's answer (the nearest training digits and the samples
 * around its code: ~8x the bytes of the reconstruction, and a scan of every training code):
 * the reconstruction is asked for at every stroke, the details at most once per interval
 * while the pen moves, and once more for the last drawing when the pen rests.
 */

/** Timers and clock, injectable for tests. */
export interface PacerClock {
  now: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

export interface DetailPacer {
  /** True when a request sent now should carry the details (always when `force`); counts
   * it as sent when so. */
  due(force?: boolean): boolean;
  /** Calls `refresh` after an interval without another `rest` call: the pen has rested,
   * so the last drawing, answered without details, gets them. */
  rest(refresh: () => void): void;
  /** Drops the pending call. */
  cancel(): void;
}

const browserClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createDetailPacer(intervalMs: number, clock: PacerClock = browserClock): DetailPacer {
  let lastDetailed = Number.NEGATIVE_INFINITY;
  let timer: unknown = null;

  function cancel(): void {
    if (timer !== null) clock.clearTimer(timer);
    timer = null;
  }

  return {
    due(force = false): boolean {
      const now = clock.now();
      if (!force && now - lastDetailed < intervalMs) return false;
      lastDetailed = now;
      return true;
    },
    rest(refresh: () => void): void {
      cancel();
      timer = clock.setTimer(() => {
        timer = null;
        refresh();
      }, intervalMs);
    },
    cancel,
  };
}
