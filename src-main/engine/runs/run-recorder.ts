/**
 * Writes a run's progress to its folder as it happens: run.json at the start, after every
 * epoch and at the end; batch and epoch metrics to metrics.jsonl; a generative run's
 * fixed-noise grid of every epoch to samples/ (sample-history.ts). Writes are queued so
 * they land in order without ever blocking the training loop.
 */
import type { DatasetSummary, TrainingProgress } from '../../protocol';
import type { BackendName } from '../../protocol';
import type { RunRecord } from './run-record';
import { RUN_FORMAT } from './run-record';
import type { RunStore } from './run-store';
import { writeSampleGrid } from './sample-history';

export class RunRecorder {
  private record: RunRecord | null = null;
  private queue: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private readonly startedAt: number;
  private secondsBefore = 0;

  constructor(
    private readonly store: RunStore,
    private readonly dataset: DatasetSummary,
    private readonly backend: BackendName,
    private readonly now: () => number = Date.now,
    /** the run's record when it resumes: its folder exists and keeps its history */
    private readonly resumed: RunRecord | null = null,
  ) {
    this.startedAt = now();
  }

  /** Feeds one progress event to the files. */
  observe(event: TrainingProgress): void {
    const t = Number((this.secondsBefore + (this.now() - this.startedAt) / 1000).toFixed(3));
    switch (event.kind) {
      case 'started': {
        if (this.resumed) {
          this.record = this.resumed;
          // seconds so far carry on; the new process owns the run now
          this.secondsBefore = this.resumed.seconds;
          this.update({ status: 'running', config: event.config, backend: this.backend, pid: process.pid });
          return;
        }
        const stamp = new Date(this.now()).toISOString();
        this.record = {
          format: RUN_FORMAT,
          id: event.runId,
          createdAt: stamp,
          updatedAt: stamp,
          status: 'running',
          config: event.config,
          dataset: this.dataset,
          backend: this.backend,
          epochsDone: 0,
          valLoss: null,
          best: null,
          pid: process.pid,
          seconds: 0,
        };
        const record = this.record;
        this.enqueue(() => this.store.create(record).then(() => undefined));
        return;
      }
      case 'batch':
        this.enqueue(() => this.store.appendMetrics(event.runId, [{ kind: 'batch', epoch: event.epoch, batch: event.batch, step: event.step, loss: event.loss, t }]));
        return;
      case 'epoch': {
        if (!this.record) return;
        const best = this.record.best && this.record.best.valLoss <= event.valLoss ? this.record.best : { epoch: event.epoch, valLoss: event.valLoss };
        this.update({ epochsDone: event.epoch, valLoss: event.valLoss, best, seconds: t });
        this.enqueue(() =>
          this.store.appendMetrics(event.runId, [
            {
              kind: 'epoch',
              epoch: event.epoch,
              step: event.step,
              trainLoss: event.trainLoss,
              valLoss: event.valLoss,
              trainMetrics: event.trainMetrics,
              valMetrics: event.valMetrics,
              seconds: event.seconds,
              t,
            },
          ]),
        );
        return;
      }
      case 'finished':
        // a message from an earlier segment (e.g. "stopped by the user") no longer applies
        this.update({ status: event.status, seconds: t, message: event.message });
        return;
      case 'reconstructions':
        return;
      case 'samples': {
        // the fixed-noise grid of this epoch, for the Generate view's training timeline
        const { epoch, images, count, width, height } = event;
        this.enqueue(() => writeSampleGrid(this.store.dirOf(event.runId), epoch, images, count, width, height));
        return;
      }
    }
  }

  /** Resolves when everything observed so far is on disk; rejects if a write failed. */
  async flush(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
  }

  /** The folder's record as last written (null before `started`). */
  current(): RunRecord | null {
    return this.record;
  }

  private update(patch: Partial<RunRecord>): void {
    if (!this.record) return;
    this.record = { ...this.record, ...patch, updatedAt: new Date(this.now()).toISOString() };
    const record = this.record;
    this.enqueue(() => this.store.write(record));
  }

  private enqueue(write: () => Promise<void>): void {
    // one failed write (disk full, folder deleted) must not stop training; it is reported at flush
    this.queue = this.queue.then(write).catch((error: unknown) => {
      this.failure ??= error instanceof Error ? error : new Error(String(error));
    });
  }
}
