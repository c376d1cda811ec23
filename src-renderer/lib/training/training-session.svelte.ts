/**
 * The Train view's run: its phase and everything its progress events said, accumulated from
 * deltas (one batch, one epoch). Events of other runs, and repeated or late events, are
 * ignored by `runId` and `seq`. A run may be a fresh one, one followed from its next event,
 * or a resumed one, whose events start again from its checkpoint.
 */
import type { ModelKind, TrainingProgress } from '../../../src-main/protocol';
import { EMPTY_SERIES, SeriesBuffer } from '../charts/series';
import type { Point, SeriesView } from '../charts/series';

/** Where the run is. */
export type RunPhase = 'idle' | 'starting' | 'training' | 'stopping' | 'finished' | 'failed';
/** What the view root carries as `data-state`: the phase, or `paused` while a run is held. */
export type ViewState = RunPhase | 'paused';

type Kind<K extends TrainingProgress['kind']> = Extract<TrainingProgress, { kind: K }>;
/** The run's opening event. */
export type StartedEvent = Kind<'started'>;
/** One batch's progress. */
export type BatchEvent = Kind<'batch'>;
/** One epoch's summary. */
export type EpochEvent = Kind<'epoch'>;
/** Validation images and their reconstructions. */
export type ReconstructionsEvent = Kind<'reconstructions'>;
/** Decodes of the run's fixed noise. */
export type SamplesEvent = Kind<'samples'>;
/** How the run ended. */
export type FinishedEvent = Kind<'finished'>;

/** Where the run stands, for the progress bar and its text. */
export interface ProgressSummary {
  epoch: number;
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
  step: number;
  totalSteps: number;
  /** 0..100, whole numbers */
  percent: number;
  etaSec: number | null;
  samplesPerSec: number | null;
}

// events that race ahead of startTraining's reply are held this long, then dropped
const MAX_EARLY_EVENTS = 10_000;

/** Accumulates one run's progress events; `apply` takes each delta as it arrives. */
export class TrainingSession {
  /** where the run is */
  phase = $state<RunPhase>('idle');
  /** the run these events belong to; null before startTraining replies */
  runId = $state<string | null>(null);
  /** the run's opening event (config, split sizes, backend) */
  started = $state.raw<StartedEvent | null>(null);
  /** the latest batch */
  lastBatch = $state.raw<BatchEvent | null>(null);
  /** training loss per batch, x in fractional epochs */
  trainLoss = $state.raw<SeriesView>(EMPTY_SERIES);
  /** every other metric per batch, by name, x in fractional epochs */
  batchMetrics = $state.raw<Readonly<Record<string, SeriesView>>>({});
  /** one summary per finished epoch */
  epochs = $state.raw<readonly EpochEvent[]>([]);
  /** the latest validation images and reconstructions */
  reconstructions = $state.raw<ReconstructionsEvent | null>(null);
  /** the latest samples from fixed noise (generative models) */
  samples = $state.raw<SamplesEvent | null>(null);
  /** how the run ended, once it has */
  outcome = $state.raw<FinishedEvent | null>(null);
  /** the engine holds the run between two batches, weights in memory */
  paused = $state(false);
  /** set when the run vanished without its finished event reaching us (see `lose`) */
  lostMessage = $state<string | null>(null);

  /** validation loss per epoch, for the chart */
  readonly valLoss: readonly Point[] = $derived(this.epochs.map((e) => ({ x: e.epoch, y: e.valLoss })));
  /** whether a run is under way (Train is off, Stop may be on) */
  readonly busy: boolean = $derived(this.phase === 'starting' || this.phase === 'training' || this.phase === 'stopping');
  /** the phase, `paused` while the engine holds a training run */
  readonly viewState: ViewState = $derived(this.phase === 'training' && this.paused ? 'paused' : this.phase);
  /** the run's model, once its started event is known */
  readonly model: ModelKind | null = $derived(this.started?.config.model ?? null);
  /** the metrics the run reports, `loss` first; read off its events when `started` was missed */
  readonly metricNames: readonly string[] = $derived.by(() => {
    if (this.started) return this.started.metricNames;
    const seen = this.lastBatch?.metrics ?? this.epochs[0]?.valMetrics;
    return seen ? Object.keys(seen) : ['loss'];
  });
  /** epochs done before this run (re)started: 0, or where a resumed run took up again */
  readonly startEpoch: number = $derived(this.started?.startEpoch ?? 0);
  /** progress numbers for the bar and its text */
  readonly progress: ProgressSummary = $derived.by(() => this.#summarize());

  #buffer = new SeriesBuffer();
  #metricBuffers = new Map<string, SeriesBuffer>();
  #lastSeq = -1;
  #early: TrainingProgress[] = [];

  /** Forgets the run; the view is back to idle. */
  reset(): void {
    this.phase = 'idle';
    this.runId = null;
    this.#clear();
  }

  /** Train was pressed: clears the last run and holds events until the run id is known. */
  starting(): void {
    this.reset();
    this.phase = 'starting';
  }

  /**
   * resumeTraining is about to be sent for `runId`: clears the view and takes that run's
   * events at once (its id is known). Its sequence numbers restart from its checkpoint, below
   * those it reached before, so nothing of its earlier life is kept.
   */
  resume(runId: string): void {
    this.reset();
    this.runId = runId;
    this.phase = 'starting';
  }

  /** startTraining (or resumeTraining) replied: adopts the run and replays the events that came first. */
  begin(runId: string): void {
    if (this.phase !== 'starting') return;
    this.runId = runId;
    this.phase = 'training';
    const early = this.#early;
    this.#early = [];
    for (const event of early.sort((a, b) => a.seq - b.seq)) this.apply(event);
  }

  /** startTraining failed: nothing is running. */
  startFailed(): void {
    if (this.phase === 'starting') this.reset();
  }

  /** Stop was pressed. */
  stopping(): void {
    if (this.phase === 'training') this.phase = 'stopping';
  }

  /** stopTraining failed: the run goes on as far as we know. */
  stopFailed(): void {
    if (this.phase === 'stopping') this.phase = 'training';
  }

  /** The engine confirmed a pause request: the run is held (or released) from its next batch. */
  confirmPause(runId: string, paused: boolean): void {
    if (runId === this.runId && this.phase === 'training') this.paused = paused;
  }

  /**
   * Follows a run this view did not start (e.g. after a reload while the engine trains, or
   * one resumed elsewhere), from its next event on; does nothing while a run of ours is under way.
   */
  follow(runId: string): void {
    if (runId === this.runId && this.lostMessage !== null) {
      // the run we thought lost is back (e.g. resumed after an engine restart)
      this.lostMessage = null;
      this.phase = 'training';
      return;
    }
    if (this.busy) return;
    // the same id as our ended run means it was resumed: its seq starts over, so we do too
    this.reset();
    this.runId = runId;
    this.phase = 'training';
  }

  /**
   * The engine no longer runs this run, but its finished event never came (it was sent
   * while the connection was down). Ends the wait; a late finished event still applies.
   */
  lose(message: string): void {
    if (this.phase !== 'training' && this.phase !== 'stopping') return;
    this.lostMessage = message;
    this.phase = 'finished';
  }

  /** Takes one progress event; returns whether it changed anything. */
  apply(event: TrainingProgress): boolean {
    if (this.phase === 'starting' && this.runId === null) {
      if (this.#early.length < MAX_EARLY_EVENTS) this.#early.push(event);
      return false;
    }
    if (event.runId !== this.runId || event.seq <= this.#lastSeq) return false;
    this.#lastSeq = event.seq;
    switch (event.kind) {
      case 'started':
        this.started = event;
        break;
      case 'batch':
        this.lastBatch = event;
        this.#appendBatch(event);
        break;
      case 'epoch':
        this.epochs = [...this.epochs, event];
        break;
      case 'reconstructions':
        this.reconstructions = event;
        break;
      case 'samples':
        this.samples = event;
        break;
      case 'paused':
        this.paused = event.paused;
        break;
      case 'finished':
        this.paused = false;
        this.outcome = event;
        this.lostMessage = null;
        this.phase = event.status === 'failed' ? 'failed' : 'finished';
        break;
    }
    return true;
  }

  #clear(): void {
    this.started = null;
    this.lastBatch = null;
    this.trainLoss = EMPTY_SERIES;
    this.batchMetrics = {};
    this.epochs = [];
    this.reconstructions = null;
    this.samples = null;
    this.outcome = null;
    this.paused = false;
    this.lostMessage = null;
    this.#buffer = new SeriesBuffer();
    this.#metricBuffers = new Map();
    this.#lastSeq = -1;
    this.#early = [];
  }

  #appendBatch(event: BatchEvent): void {
    const x = event.epoch - 1 + event.batch / event.batchesPerEpoch;
    this.trainLoss = this.#buffer.append(x, event.loss);
    const metrics: Record<string, SeriesView> = { ...this.batchMetrics };
    for (const [name, value] of Object.entries(event.metrics)) {
      if (name === 'loss') continue;
      let buffer = this.#metricBuffers.get(name);
      if (!buffer) this.#metricBuffers.set(name, (buffer = new SeriesBuffer()));
      metrics[name] = buffer.append(x, value);
    }
    this.batchMetrics = metrics;
  }

  #summarize(): ProgressSummary {
    const batch = this.lastBatch;
    const lastEpoch = this.epochs.at(-1);
    const epochs = batch?.epochs ?? lastEpoch?.epochs ?? this.started?.config.epochs ?? 0;
    const batchesPerEpoch = batch?.batchesPerEpoch ?? this.started?.batchesPerEpoch ?? 0;
    const totalSteps = epochs * batchesPerEpoch;
    const completed = this.outcome?.status === 'completed';
    const step = completed ? totalSteps : Math.max(batch?.step ?? 0, lastEpoch?.step ?? 0);
    const percent = totalSteps > 0 ? Math.min(100, Math.floor((step / totalSteps) * 100)) : completed ? 100 : 0;
    const live = this.outcome === null;
    return {
      epoch: batch?.epoch ?? lastEpoch?.epoch ?? 0,
      epochs,
      batch: batch?.batch ?? 0,
      batchesPerEpoch,
      step,
      totalSteps,
      percent,
      etaSec: live ? (batch?.etaSec ?? null) : 0,
      samplesPerSec: batch?.samplesPerSec ?? null,
    };
  }
}
