/**
 * The engine's anomaly jobs: scorings (every sample of a split through a run's model) and
 * sweeps (each class as the normal one), each streaming `anomalyProgress` events and
 * cancellable. Scorings run one at a time, in order: two at once would only share the same
 * two cores, and a queue keeps each one's model loaded while it runs. The last few finished
 * scorings stay in memory for getScores, curves, sweeps and exports.
 */
import type { AnomalyProgress, AnomalyScoreSet, EventName, EventPayload } from '../../../protocol';
import { WorkbenchError } from '../../../protocol';
import type { RunModel } from '../../inference/run-models';
import { defaultScore, describeSamples, sweepClasses, sweepRow } from './evaluation';
import { scoreAnomalies, splitIndices } from './scoring';
import type { AnomalyScores, AnomalySplit, ScoreKind } from './scoring';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type ProgressBody = DistributiveOmit<AnomalyProgress, 'jobId' | 'seq'>;

/** Progress events of a job come at most this often (its last one always). */
const PROGRESS_INTERVAL_MS = 100;
/** Finished scorings kept: enough to compare a few runs side by side. */
const KEPT_SCORINGS = 6;

/** A finished scoring. */
export interface ScoredRun {
  jobId: string;
  runId: string;
  weights: string;
  scores: AnomalyScores;
}

interface Job {
  id: string;
  controller: AbortController;
  running: boolean;
}

export class AnomalyJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly finished = new Map<string, ScoredRun>();
  private queue: Promise<void> = Promise.resolve();
  private made = 0;

  constructor(
    private readonly loadModel: (runId: string) => Promise<RunModel>,
    private readonly emit: Emit,
  ) {}

  /** Queues a scoring of `split` with `runId`'s model; refuses at once what cannot be scored. */
  async startScoring(runId: string, split: AnomalySplit): Promise<{ jobId: string; datasetId: string; count: number }> {
    const { model, dataset } = await this.loadModel(runId);
    if (!model.reconstruct) throw new WorkbenchError('bad-request', `A ${model.kind} has no encoder, so it cannot score samples by how well it reconstructs them; pick an autoencoder run.`);
    const count = splitIndices(dataset, split).length;
    if (count === 0) throw new WorkbenchError('bad-request', `${describeSamples({ datasetId: dataset.summary.id, split })} has no samples; pick another split.`);
    const job = this.newJob('score');
    this.queue = this.queue.then(() => this.score(job, runId, split));
    return { jobId: job.id, datasetId: dataset.summary.id, count };
  }

  /** Starts a sweep over a finished scoring's labels. */
  startSweep(scoringId: string, kind: ScoreKind): { jobId: string; classes: number[] } {
    const { scores } = this.scored(scoringId);
    const classes = sweepClasses(scores.labels, describeSamples(scores));
    if (kind === 'elbo' && !scores.negElbo) throw new WorkbenchError('bad-request', 'Only a VAE has an ELBO to score by; use the reconstruction error (bce or mse).');
    const job = this.newJob('sweep');
    void this.sweep(job, scores, kind, classes);
    return { jobId: job.id, classes };
  }

  /** Cancels a running job; false when it is not running. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job?.running) return false;
    job.controller.abort();
    return true;
  }

  /** A finished scoring, or a WorkbenchError saying why there is none. */
  scored(jobId: string): ScoredRun {
    const done = this.finished.get(jobId);
    if (done) return done;
    if (this.jobs.get(jobId)?.running) throw new WorkbenchError('busy', `Scoring ${jobId} is still running; wait for its "finished" event.`);
    throw new WorkbenchError('not-found', `Scoring ${jobId} is gone (it failed, was cancelled or newer scorings replaced it); score the run again.`);
  }

  /** A finished scoring as the contract sends it. */
  scoreSet(jobId: string): AnomalyScoreSet {
    const { runId, weights, scores } = this.scored(jobId);
    const { datasetId, split, indices, labels, bce, mse, negElbo } = scores;
    return { jobId, runId, datasetId, split, count: indices.length, weights, indices, labels, bce, mse, negElbo, defaultScore: defaultScore(scores) };
  }

  private newJob(kind: 'score' | 'sweep'): Job {
    const job: Job = { id: `${kind}-${++this.made}-${Date.now().toString(36)}`, controller: new AbortController(), running: true };
    this.jobs.set(job.id, job);
    return job;
  }

  private reporter(job: Job): { send: (body: ProgressBody) => void; progress: (done: number, total: number) => void } {
    let seq = 0;
    let last = -Infinity;
    const send = (body: ProgressBody): void => this.emit('anomalyProgress', { ...body, jobId: job.id, seq: seq++ } as AnomalyProgress);
    const progress = (done: number, total: number): void => {
      const now = performance.now();
      if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      send({ kind: 'progress', done, total });
    };
    return { send, progress };
  }

  private async score(job: Job, runId: string, split: AnomalySplit): Promise<void> {
    await this.track(job, async ({ progress }) => {
      // loaded again: a queued job's model may have left the cache while it waited
      const handle = await this.loadModel(runId);
      const { model, dataset, weights } = handle;
      const release = handle.hold();
      let scores: AnomalyScores;
      try {
        scores = await scoreAnomalies(model, dataset, dataset, { split, onProgress: progress, signal: job.controller.signal });
      } finally {
        release();
      }
      for (const values of [scores.bce, scores.mse, scores.negElbo]) {
        if (values && !values.every(Number.isFinite)) throw new Error('The model gives non-finite reconstructions for some images (did its training diverge?).');
      }
      this.finished.set(job.id, { jobId: job.id, runId, weights, scores });
      while (this.finished.size > KEPT_SCORINGS) this.finished.delete(this.finished.keys().next().value!);
    });
  }

  private async sweep(job: Job, scores: AnomalyScores, kind: ScoreKind, classes: number[]): Promise<void> {
    await this.track(job, async ({ send, progress }) => {
      progress(0, classes.length);
      for (const [k, label] of classes.entries()) {
        // a class takes a sort of the split (~30 ms for 70,000): yield between classes
        await new Promise<void>((resolve) => setImmediate(resolve));
        job.controller.signal.throwIfAborted();
        send({ kind: 'sweep-row', row: sweepRow(scores, kind, label) });
        progress(k + 1, classes.length);
      }
    });
  }

  /** Runs `work` and reports its end, whichever way it ends. */
  private async track(job: Job, work: (report: ReturnType<AnomalyJobs['reporter']>) => Promise<void>): Promise<void> {
    const started = performance.now();
    const report = this.reporter(job);
    const seconds = (): number => (performance.now() - started) / 1000;
    try {
      job.controller.signal.throwIfAborted();
      await work(report);
      report.send({ kind: 'finished', status: 'completed', seconds: seconds() });
    } catch (error) {
      const cancelled = job.controller.signal.aborted;
      const message = cancelled ? 'Cancelled.' : error instanceof Error ? error.message : String(error);
      report.send({ kind: 'finished', status: cancelled ? 'cancelled' : 'failed', message: message.slice(0, 2000), seconds: seconds() });
    } finally {
      job.running = false;
      this.jobs.delete(job.id);
    }
  }
}
