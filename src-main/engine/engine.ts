/**
 * The engine's request handlers: one object per engine process, whatever carries its
 * messages (Electron utilityProcess, child_process.fork, or a direct call in the CLI).
 */
import type { AreaMethodName, EngineStatus, MethodResult, RunSummary, TrainingConfig, TrainingProgress, ValidParams, ValidRequest } from '../protocol';
import { WorkbenchError } from '../protocol';
import type { BackendChoice } from './backend';
import { DatasetRegistry } from './data/registry';
import { join } from 'node:path';
import { REFERENCE_LATENT } from './models';
import { resumeRecordedTraining, startRecordedTraining } from './runs/recorded-training';
import type { RecordedRun, RecordedTrainingOptions } from './runs/recorded-training';
import { historyFromLines } from './runs/run-history';
import { effectiveStatus } from './runs/run-record';
import type { RunRecord } from './runs/run-record';
import { RunStore } from './runs/run-store';
import { listCheckpoints } from './training/checkpoint-store';
import { PauseGate } from './training/pause-gate';
import { inferDrawing } from './inference/infer-drawing';
import { RunModels } from './inference/run-models';
import { datasetImages, decodeLatents } from './analysis/explore-images';
import { Projections } from './analysis/projections';
import { EmbeddingSources } from './analysis/embedding-sources';
import { anomalyHandlers } from './analysis/anomaly/anomaly-handlers';
import { datasetHandlers } from './data/dataset-handlers';
import { exportHandlers } from './export/export-handlers';
import { featuresHandlers } from './features/features-handlers';
import { generateHandlers } from './generate/generate-handlers';
import type { AreaHandlers, EngineContext, EventSink } from './engine-context';

export type { EventSink } from './engine-context';

export interface EngineOptions {
  backend: BackendChoice;
  dataDir: string;
  emit: EventSink;
}

interface ActiveRun {
  runId: string;
  controller: AbortController;
  pause: PauseGate;
  /** its finished event has gone out; only its files are still being written */
  finished: boolean;
  done: Promise<unknown>;
}

export class Engine {
  private readonly datasets: DatasetRegistry;
  private readonly runs: RunStore;
  private readonly runModels: RunModels;
  private readonly projections: Projections;
  private readonly embeddings: EmbeddingSources;
  private readonly areas: AreaHandlers<AreaMethodName>;
  private active: ActiveRun | null = null;

  constructor(private readonly options: EngineOptions) {
    this.datasets = new DatasetRegistry(options.dataDir);
    this.runs = new RunStore(join(options.dataDir, 'runs'));
    this.runModels = new RunModels(this.runs, this.datasets);
    this.projections = new Projections((runId) => this.runModels.get(runId), options.emit, (runId) => this.runs.dirOf(runId));
    this.embeddings = new EmbeddingSources(options.emit, this.projections, join(options.dataDir, 'maps', 'files'));
    const context: EngineContext = {
      backend: options.backend,
      dataDir: options.dataDir,
      datasets: this.datasets,
      runs: this.runs,
      runModels: this.runModels,
      emit: options.emit,
      activeRunId: () => (this.active && !this.active.finished ? this.active.runId : null),
    };
    this.areas = {
      ...datasetHandlers(context),
      ...anomalyHandlers(context),
      ...featuresHandlers(context),
      ...generateHandlers(context),
      ...exportHandlers(context),
    };
  }

  /** Answers one validated request; throws WorkbenchError for requests it must refuse. */
  async handle(request: ValidRequest): Promise<MethodResult<ValidRequest['method']>> {
    switch (request.method) {
      case 'getInfo':
        return { ...this.options.backend, dataDir: this.options.dataDir };
      case 'listDatasets':
        return this.datasets.list();
      case 'startTraining':
        return this.train(request.params, (options) => Promise.resolve(startRecordedTraining(options)));
      case 'stopTraining': {
        const run = this.live(request.params.runId);
        run?.controller.abort();
        return { stopped: run !== null };
      }
      case 'pauseTraining':
        return this.pauseTraining(request.params);
      case 'resumeTraining':
        return this.resumeTraining(request.params);
      case 'listRuns':
        return this.listRuns();
      case 'deleteRun':
        return this.deleteRun(request.params.runId);
      case 'getRunHistory': {
        const record = await this.readRun(request.params.runId);
        return { run: await this.summarize(record), ...historyFromLines(await this.runs.readMetrics(record.id)) };
      }
      case 'inferDrawing':
        return inferDrawing(await this.runModels.get(request.params.runId), request.params);
      case 'startProjection':
        return this.projections.start(request.params);
      case 'cancelProjection':
        return { cancelled: this.projections.cancel(request.params.projectionId) };
      case 'getProjectionPoints':
        return this.projections.points(request.params.projectionId);
      case 'getDatasetImages':
        return datasetImages(await this.runModels.get(request.params.runId), request.params);
      case 'decodeLatents':
        return decodeLatents(await this.runModels.get(request.params.runId), request.params);
      case 'placeOnMap':
        return this.projections.place(request.params.projectionId, request.params.codes);
      case 'openEmbeddingFile':
        return this.embeddings.open(request.params);
      case 'cancelEmbeddingFile':
        return { cancelled: this.embeddings.cancel(request.params.embeddingId) };
      case 'getEmbeddingRows':
        return this.embeddings.rows(request.params.embeddingId);
      case 'startEmbeddingProjection':
        return this.embeddings.project(request.params);
      case 'queryEmbedding':
        return this.embeddings.query(request.params);
      default:
        return this.handleArea(request);
    }
  }

  /** Requests the views' areas answer (see engine-context.ts). */
  private handleArea(request: { method: AreaMethodName; params: unknown }): Promise<MethodResult<AreaMethodName>> {
    const handler = this.areas[request.method] as (params: unknown) => Promise<MethodResult<AreaMethodName>>;
    return handler(request.params);
  }

  /** The state the status bar shows. */
  status(): EngineStatus {
    if (!this.active) return { state: 'ready', detail: `Ready on ${this.options.backend.backend}`, runId: null };
    const verb = this.active.pause.paused ? 'Paused' : 'Training';
    return { state: 'training', detail: `${verb} run ${this.active.runId}`, runId: this.active.runId };
  }

  /** Resolves when the current run (if any) has ended; for orderly shutdown and tests. */
  async idle(): Promise<void> {
    await this.active?.done;
  }

  /** The active run if it is `runId` and still training. */
  private live(runId: string): ActiveRun | null {
    return this.active && this.active.runId === runId && !this.active.finished ? this.active : null;
  }

  private async train(config: TrainingConfig, begin: (options: RecordedTrainingOptions) => Promise<RecordedRun>): Promise<{ runId: string }> {
    if (this.active && !this.active.finished) {
      throw new WorkbenchError('busy', `Run ${this.active.runId} is still training; stop it before starting another.`);
    }
    // the previous run's last files are being written: let them land first
    await this.active?.done;
    const dataset = await this.datasets.open(config.datasetId);
    const controller = new AbortController();
    const pause = new PauseGate();
    let active: ActiveRun | null = null;
    const run = await begin({
      config,
      dataset,
      backend: this.options.backend.backend,
      store: this.runs,
      signal: controller.signal,
      pause,
      onModel: (runId, model, epochsDone) => this.runModels.setLive(runId, model, dataset, epochsDone),
      emit: (event: TrainingProgress) => {
        if (event.kind === 'finished' && active) active.finished = true;
        this.options.emit('trainingProgress', event);
        if (event.kind === 'paused') this.options.emit('engineStatus', this.status());
      },
      onWriteError: (error) => console.error(`[engine] could not write run ${run.runId}: ${error.message}`),
    });
    const done = run.done.finally(() => {
      this.active = null;
      this.options.emit('engineStatus', this.status());
    });
    active = { runId: run.runId, controller, pause, finished: false, done };
    this.active = active;
    this.options.emit('engineStatus', this.status());
    return { runId: run.runId };
  }

  private pauseTraining({ runId, paused }: ValidParams<'pauseTraining'>): { paused: boolean } {
    const run = this.live(runId);
    if (!run) return { paused: false };
    if (paused) run.pause.pause();
    else run.pause.resume();
    return { paused };
  }

  private async resumeTraining({ runId, epochs }: ValidParams<'resumeTraining'>): Promise<{ runId: string }> {
    const record = await this.readRun(runId);
    if (effectiveStatus(record) === 'running') {
      throw new WorkbenchError('busy', `Run ${runId} is still training (process ${record.pid}); stop it before resuming it.`);
    }
    const config = { ...record.config, epochs: epochs ?? record.config.epochs };
    return this.train(config, (options) => resumeRecordedTraining(record, options));
  }

  private async listRuns(): Promise<RunSummary[]> {
    const { runs } = await this.runs.list();
    return Promise.all(runs.map((record) => this.summarize(record)));
  }

  private async summarize(record: RunRecord): Promise<RunSummary> {
    const checkpoints = await listCheckpoints(this.runs.dirOf(record.id)).catch(() => []);
    const last = checkpoints.find((c) => c.slot === 'last');
    return {
      runId: record.id,
      model: record.config.model,
      datasetId: record.dataset.id,
      status: effectiveStatus(record),
      ...(record.message ? { message: record.message } : {}),
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      config: record.config,
      latentDim: record.config.latentDim ?? REFERENCE_LATENT[record.config.model],
      epochsDone: record.epochsDone,
      valLoss: record.valLoss,
      best: record.best,
      checkpointEpoch: last?.epoch ?? null,
    };
  }

  private async deleteRun(runId: string): Promise<{ deleted: boolean }> {
    if (this.active?.runId === runId) throw new WorkbenchError('busy', `Run ${runId} is training; stop it before deleting it.`);
    const record = await this.runs.read(runId).catch(() => null);
    if (record && effectiveStatus(record) === 'running') {
      throw new WorkbenchError('busy', `Run ${runId} is being trained by process ${record.pid}; stop it before deleting it.`);
    }
    return { deleted: await this.runs.delete(runId) };
  }

  private async readRun(runId: string): Promise<RunRecord> {
    try {
      return await this.runs.read(runId);
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new WorkbenchError(missing ? 'not-found' : 'internal', missing ? `There is no run ${runId}.` : (error as Error).message);
    }
  }
}
