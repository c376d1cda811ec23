/**
 * One import or download as the Data view shows it: the progress of its current stage and
 * how it ended. Fed the `datasetJobProgress` events of its job only.
 */
import type { DatasetJobProgress, DatasetSummary } from '../../../src-main/protocol';

const STAGE_WORDS: Record<string, string> = {
  read: 'Reading images',
  scan: 'Checking values',
  convert: 'Converting',
  download: 'Downloading',
  verify: 'Verifying SHA-256',
};

export class DatasetJob {
  /** running until its finished event arrives */
  state = $state<'running' | 'completed' | 'cancelled' | 'failed'>('running');
  stage = $state('');
  done = $state(0);
  total = $state(0);
  file = $state<string | null>(null);
  message = $state<string | null>(null);
  dataset = $state.raw<DatasetSummary | null>(null);

  constructor(
    readonly jobId: string,
    readonly datasetId: string,
  ) {}

  /** Share of the current stage done, 0..1. */
  get fraction(): number {
    return this.total > 0 ? this.done / this.total : 0;
  }

  /** "Downloading train-images-idx3-ubyte.gz" */
  get label(): string {
    const words = STAGE_WORDS[this.stage] ?? 'Starting';
    const file = this.file?.split(/[\\/]/).pop();
    return file ? `${words} ${file}` : words;
  }

  /** Applies an event; ignores other jobs' events. The job's own events always win: progress
   * after an interruption means the engine is still at it. */
  apply(event: DatasetJobProgress): void {
    if (event.jobId !== this.jobId) return;
    if (event.kind === 'progress') {
      this.state = 'running';
      this.message = null;
      this.stage = event.stage;
      this.done = event.done;
      this.total = event.total;
      this.file = event.file ?? null;
      return;
    }
    this.state = event.status;
    this.message = event.message ?? null;
    this.dataset = event.dataset;
  }

  /** Ends a running job that can no longer report (the engine restarted or the connection
   * dropped), saying why and what to do; an ended job keeps how it ended. */
  interrupt(reason: string): void {
    if (this.state !== 'running') return;
    this.state = 'failed';
    this.message = reason;
  }
}
