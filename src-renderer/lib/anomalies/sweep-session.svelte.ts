/**
 * A sweep of a finished scoring: each label in turn as the only normal class. Rows arrive as
 * the engine computes them; a newer sweep supersedes an older one.
 */
import type { AnomalyProgress, ScoreKind, SweepRow, WorkbenchApi } from '../../../src-main/protocol';
import { describeError } from '../state/describe-error';
import type { JobEvents } from './job-events';

/** The engine methods a sweep uses. */
export type SweepApi = Pick<WorkbenchApi, 'startSweep' | 'cancelAnomalyJob'>;

export class SweepSession {
  /** the scoring and score swept */
  key = $state<string | null>(null);
  jobId = $state<string | null>(null);
  classes = $state.raw<readonly number[]>([]);
  rows = $state.raw<readonly SweepRow[]>([]);
  running = $state(false);
  error = $state<string | null>(null);

  private generation = 0;
  private unfollow: (() => void) | null = null;

  constructor(
    private readonly api: SweepApi,
    private readonly events: JobEvents,
  ) {}

  /** Sweeps `scoringId`'s labels by `score`. */
  async start(scoringId: string, score: ScoreKind): Promise<void> {
    const generation = ++this.generation;
    this.unfollow?.();
    this.key = `${scoringId}/${score}`;
    this.jobId = null;
    this.classes = [];
    this.rows = [];
    this.error = null;
    this.running = true;
    try {
      const started = await this.api.startSweep({ jobId: scoringId, score });
      if (generation !== this.generation) return;
      this.jobId = started.jobId;
      this.classes = started.classes;
      this.unfollow = this.events.follow(started.jobId, (event) => this.apply(event, generation));
    } catch (error) {
      if (generation === this.generation) {
        this.error = `Could not start the sweep: ${describeError(error)}`;
        this.running = false;
      }
    }
  }

  /** Forgets the sweep (the scoring it belonged to was replaced). */
  reset(): void {
    this.generation++;
    this.unfollow?.();
    if (this.running && this.jobId) void this.api.cancelAnomalyJob({ jobId: this.jobId }).catch(() => undefined);
    this.key = null;
    this.jobId = null;
    this.classes = [];
    this.rows = [];
    this.running = false;
    this.error = null;
  }

  private apply(event: AnomalyProgress, generation: number): void {
    if (generation !== this.generation) return;
    if (event.kind === 'sweep-row') this.rows = [...this.rows, event.row];
    else if (event.kind === 'finished') {
      this.running = false;
      if (event.status === 'failed') this.error = `The sweep failed: ${event.message ?? 'the engine gave no reason.'}`;
    }
  }
}
