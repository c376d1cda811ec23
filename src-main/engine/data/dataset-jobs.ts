/**
 * Imports and downloads run as jobs: started by a request that answers at once, reporting
 * progress as `datasetJobProgress` events (throttled, the last of a stage and `finished`
 * always sent) and cancellable. Jobs writing the same dataset id are refused while one runs.
 */
import type { DatasetJobProgress, DatasetSummary, EventName, EventPayload } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import { ImportCancelled } from './importers/import-common';
import type { ProgressReport } from './importers/import-common';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Progress events of one job come at most this often. */
const PROGRESS_INTERVAL_MS = 100;

interface Job {
  id: string;
  datasetId: string;
  controller: AbortController;
}

export class DatasetJobs {
  private readonly running = new Map<string, Job>();
  private made = 0;

  constructor(private readonly emit: Emit) {}

  /** Starts `work` as a job for `datasetId`; returns its id, its events follow. */
  start(
    datasetId: string,
    work: (signal: AbortSignal, progress: ProgressReport) => Promise<DatasetSummary>,
  ): { jobId: string; datasetId: string } {
    if ([...this.running.values()].some((j) => j.datasetId === datasetId)) {
      throw new WorkbenchError('busy', `"${datasetId}" is being imported or downloaded already; wait for it or cancel it.`);
    }
    const job: Job = { id: `job-${++this.made}-${Date.now().toString(36)}`, datasetId, controller: new AbortController() };
    this.running.set(job.id, job);
    const started = performance.now();
    let seq = 0;
    const send = (body: Omit<Extract<DatasetJobProgress, { kind: 'progress' }>, 'jobId' | 'datasetId' | 'seq'> | Omit<Extract<DatasetJobProgress, { kind: 'finished' }>, 'jobId' | 'datasetId' | 'seq'>): void =>
      this.emit('datasetJobProgress', { ...body, jobId: job.id, datasetId, seq: seq++ } as DatasetJobProgress);
    let last = -Infinity;
    const progress: ProgressReport = (stage, done, total, file) => {
      const now = performance.now();
      if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      send({ kind: 'progress', stage, done: Math.min(done, total), total, ...(file === undefined ? {} : { file: file.slice(-4096) }) });
    };
    const seconds = (): number => (performance.now() - started) / 1000;
    // the job leaves the running set before its end is announced, so a listener may start the next one
    const finish = (body: Omit<Extract<DatasetJobProgress, { kind: 'finished' }>, 'jobId' | 'datasetId' | 'seq' | 'kind' | 'seconds'>): void => {
      this.running.delete(job.id);
      send({ kind: 'finished', ...body, seconds: seconds() });
    };
    // reply first, then work: the caller learns the job id before its first event
    setImmediate(() => {
      // a job cancelled before it began never starts its work
      const begun = job.controller.signal.aborted ? Promise.reject(new ImportCancelled()) : work(job.controller.signal, progress);
      begun
        .then(
          (dataset) => finish({ status: 'completed', dataset }),
          (error: unknown) => {
            const cancelled = error instanceof ImportCancelled || job.controller.signal.aborted;
            const message = cancelled ? 'Cancelled; nothing was kept.' : error instanceof Error ? error.message : String(error);
            if (!cancelled) console.error(`[engine] dataset job ${job.id} failed: ${message}`);
            finish({ status: cancelled ? 'cancelled' : 'failed', message: message.slice(0, 2000), dataset: null });
          },
        )
        .catch((error: unknown) => console.error(`[engine] dataset job ${job.id} could not report its end:`, error));
    });
    return { jobId: job.id, datasetId };
  }

  /** Cancels a job; false when it is not running. */
  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }
}
