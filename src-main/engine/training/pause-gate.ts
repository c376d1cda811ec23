/** Lets a user pause a run between two batches and resume it, weights kept in memory. */
export class PauseGate {
  private resumeWaiters: Array<() => void> = [];
  private isPaused = false;

  get paused(): boolean {
    return this.isPaused;
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    for (const wake of this.resumeWaiters.splice(0)) wake();
  }

  /** Resolves at once when running; while paused, when resumed or when `signal` aborts. */
  async wait(signal: AbortSignal): Promise<void> {
    if (!this.isPaused || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        signal.removeEventListener('abort', wake);
        resolve();
      };
      this.resumeWaiters.push(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}
