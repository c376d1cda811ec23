/**
 * One scoring of a run's split as a view follows it: starts it, shows its progress, fetches
 * its scores once finished, cancels it. A newer start supersedes an older one (whose events
 * and replies are then ignored).
 */
import type { AnomalyProgress, AnomalyScoreSet, AnomalySplit, WorkbenchApi } from '../../../src-main/protocol';
import { describeError } from '../state/describe-error';
import type { JobEvents } from './job-events';

/** The engine methods a scoring uses. */
export type ScoringApi = Pick<WorkbenchApi, 'startScoring' | 'cancelAnomalyJob' | 'getScores'>;

/** Where a scoring stands; `finished` once its scores are here. */
export type ScoringPhase = 'idle' | 'starting' | 'scoring' | 'finished' | 'cancelled' | 'failed';

export class ScoringSession {
  /** the run and split asked for last */
  runId = $state<string | null>(null);
  split = $state<AnomalySplit>('val');
  jobId = $state<string | null>(null);
  progress = $state.raw<{ done: number; total: number } | null>(null);
  scores = $state.raw<AnomalyScoreSet | null>(null);
  /** seconds the finished scoring took */
  seconds = $state<number | null>(null);
  /** why starting, fetching or the scoring itself failed */
  error = $state<string | null>(null);
  private cancelled = $state(false);
  private starting = $state(false);

  readonly phase: ScoringPhase = $derived.by(() => {
    if (this.error !== null) return 'failed';
    if (this.cancelled) return 'cancelled';
    if (this.starting) return 'starting';
    if (this.scores) return 'finished';
    return this.jobId === null ? 'idle' : 'scoring';
  });
  /** True while the engine works on it (Cancel applies). */
  readonly busy = $derived(this.phase === 'starting' || this.phase === 'scoring');

  private generation = 0;
  private unfollow: (() => void) | null = null;

  constructor(
    private readonly api: ScoringApi,
    private readonly events: JobEvents,
  ) {}

  /** Scores `split` with `runId`'s model; a scoring still running is cancelled. */
  async start(runId: string, split: AnomalySplit): Promise<void> {
    // nobody would look at the older scoring's results: free the engine of it
    if (this.busy && this.jobId !== null) void this.api.cancelAnomalyJob({ jobId: this.jobId }).catch(() => undefined);
    const generation = ++this.generation;
    this.unfollow?.();
    this.unfollow = null;
    this.runId = runId;
    this.split = split;
    this.jobId = null;
    this.progress = null;
    this.scores = null;
    this.seconds = null;
    this.error = null;
    this.cancelled = false;
    this.starting = true;
    try {
      const started = await this.api.startScoring({ runId, split });
      if (generation !== this.generation) return;
      this.jobId = started.jobId;
      this.progress = { done: 0, total: started.count };
      this.unfollow = this.events.follow(started.jobId, (event) => this.apply(event, generation));
    } catch (error) {
      if (generation === this.generation) this.error = `Could not start scoring: ${describeError(error)}`;
    } finally {
      if (generation === this.generation) this.starting = false;
    }
  }

  /** Asks the engine to stop the current scoring. */
  async cancel(): Promise<void> {
    const id = this.jobId;
    if (id === null || !this.busy) return;
    try {
      await this.api.cancelAnomalyJob({ jobId: id });
    } catch (error) {
      this.error = `Could not cancel scoring: ${describeError(error)}`;
    }
  }

  /** Gives up on a scoring the engine can no longer finish (it restarted). */
  abandon(reason: string): void {
    if (this.busy) this.error = reason;
  }

  private apply(event: AnomalyProgress, generation: number): void {
    if (generation !== this.generation) return;
    if (event.kind === 'progress') this.progress = { done: event.done, total: event.total };
    else if (event.kind === 'finished') {
      if (event.status === 'completed') {
        this.seconds = event.seconds;
        void this.fetch(event.jobId, generation);
      } else if (event.status === 'cancelled') this.cancelled = true;
      else this.error = `Scoring failed: ${event.message ?? 'the engine gave no reason.'}`;
    }
  }

  private async fetch(jobId: string, generation: number): Promise<void> {
    try {
      const scores = await this.api.getScores({ jobId });
      if (generation === this.generation) this.scores = scores;
    } catch (error) {
      if (generation === this.generation) this.error = `Could not load the scores: ${describeError(error)}`;
    }
  }
}
