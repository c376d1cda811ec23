/**
 * Routes `anomalyProgress` events to the job that asked for them. A job's first events can
 * arrive before the reply that names its id, so events of unknown jobs are held briefly and
 * replayed once the id is known.
 */
import type { AnomalyProgress } from '../../../src-main/protocol';

/** Events held for ids nobody has claimed yet; old ones are dropped. */
const HELD = 256;

export class JobEvents {
  private readonly listeners = new Map<string, (event: AnomalyProgress) => void>();
  private held: AnomalyProgress[] = [];

  /** Feeds one event from the engine. */
  receive(event: AnomalyProgress): void {
    const listener = this.listeners.get(event.jobId);
    if (listener) this.deliver(listener, event);
    else {
      this.held.push(event);
      if (this.held.length > HELD) this.held.shift();
    }
  }

  /** Sends `jobId`'s events to `listener`, first those already held, until its `finished`
   * event; returns the disposer. */
  follow(jobId: string, listener: (event: AnomalyProgress) => void): () => void {
    this.listeners.set(jobId, listener);
    const mine = this.held.filter((e) => e.jobId === jobId);
    this.held = this.held.filter((e) => e.jobId !== jobId);
    for (const event of mine) this.deliver(listener, event);
    return () => {
      if (this.listeners.get(jobId) === listener) this.listeners.delete(jobId);
    };
  }

  /** Listeners being followed (finished jobs are forgotten). */
  get following(): number {
    return this.listeners.size;
  }

  private deliver(listener: (event: AnomalyProgress) => void, event: AnomalyProgress): void {
    // a job says nothing after its end
    if (event.kind === 'finished') this.listeners.delete(event.jobId);
    listener(event);
  }
}
