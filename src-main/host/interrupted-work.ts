/**
 * What the engine was doing, seen from its events, so that when its process dies the host
 * can close each piece of work for the UI in its own words instead of leaving a view
 * waiting for an event that will never come.
 */
import type { ProjectionProgress, TrainingProgress, ValidEvent } from '../protocol';

interface ActiveRun {
  runId: string;
  seq: number;
  epochsDone: number;
  valLoss: number | null;
}

interface ActiveProjection {
  seq: number;
  startedAt: number;
}

export class InterruptedWork {
  private run: ActiveRun | null = null;
  private readonly projections = new Map<string, ActiveProjection>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Follows one validated engine event. */
  observe(event: ValidEvent): void {
    if (event.event === 'trainingProgress') this.observeRun(event.payload);
    else if (event.event === 'projectionProgress') this.observeProjection(event.payload);
  }

  /** A projection the engine accepted: it is in progress even before its first event. */
  projectionStarted(projectionId: string): void {
    if (!this.projections.has(projectionId)) this.projections.set(projectionId, { seq: 0, startedAt: this.now() });
  }

  /** The run in progress, if any. */
  activeRunId(): string | null {
    return this.run?.runId ?? null;
  }

  /**
   * The events that end everything in progress after the engine died of `cause`, and
   * forgets it all. The run's folder keeps status "running" with a dead pid, which the
   * Runs view lists as interrupted and can resume from its last checkpoint.
   */
  close(cause: string): ValidEvent[] {
    const closing: ValidEvent[] = [];
    if (this.run) {
      const { runId, seq, epochsDone, valLoss } = this.run;
      const checkpoint = epochsDone > 0 ? `its last checkpoint (epoch ${epochsDone})` : 'its last checkpoint, if it reached one';
      const payload: TrainingProgress = {
        kind: 'finished',
        runId,
        seq: seq + 1,
        status: 'failed',
        message: `The engine process stopped unexpectedly (${cause}) during this run, so the run was interrupted. The engine is restarting; resume the run from ${checkpoint} in the Runs view.`,
        epochsDone,
        valLoss,
      };
      closing.push({ event: 'trainingProgress', payload });
    }
    for (const [projectionId, { seq, startedAt }] of this.projections) {
      const payload: ProjectionProgress = {
        kind: 'finished',
        projectionId,
        seq: seq + 1,
        status: 'failed',
        message: `The engine process stopped unexpectedly (${cause}) during this projection. It is restarting; start the projection again.`,
        seconds: Math.max(0, (this.now() - startedAt) / 1000),
        quality: null,
      };
      closing.push({ event: 'projectionProgress', payload });
    }
    this.run = null;
    this.projections.clear();
    return closing;
  }

  private observeRun(p: TrainingProgress): void {
    if (p.kind === 'finished') {
      if (this.run?.runId === p.runId) this.run = null;
    } else if (p.kind === 'started') {
      this.run = { runId: p.runId, seq: p.seq, epochsDone: p.startEpoch, valLoss: null };
    } else if (this.run?.runId === p.runId) {
      this.run.seq = p.seq;
      if (p.kind === 'epoch') Object.assign(this.run, { epochsDone: p.epoch, valLoss: p.valLoss });
    }
  }

  private observeProjection(p: ProjectionProgress): void {
    if (p.kind === 'finished') {
      this.projections.delete(p.projectionId);
      return;
    }
    const known = this.projections.get(p.projectionId);
    if (known) known.seq = Math.max(known.seq, p.seq);
    else this.projections.set(p.projectionId, { seq: p.seq, startedAt: this.now() });
  }
}
