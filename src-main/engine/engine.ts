/**
 * The engine's request handlers: one object per engine process, whatever carries its
 * messages (Electron utilityProcess, child_process.fork, or a direct call in the CLI).
 */
import type { EngineStatus, EventName, EventPayload, MethodResult, TrainingProgress, ValidRequest } from '../protocol';
import { WorkbenchError } from '../protocol';
import type { BackendChoice } from './backend';
import { DatasetRegistry } from './data/registry';
import { join } from 'node:path';
import { startRecordedTraining } from './runs/recorded-training';
import { RunStore } from './runs/run-store';

/** Sends an event to whoever hosts the engine. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface EngineOptions {
  backend: BackendChoice;
  dataDir: string;
  emit: EventSink;
}

interface ActiveRun {
  runId: string;
  controller: AbortController;
  done: Promise<unknown>;
}

export class Engine {
  private readonly datasets: DatasetRegistry;
  private readonly runs: RunStore;
  private active: ActiveRun | null = null;

  constructor(private readonly options: EngineOptions) {
    this.datasets = new DatasetRegistry(options.dataDir);
    this.runs = new RunStore(join(options.dataDir, 'runs'));
  }

  /** Answers one validated request; throws WorkbenchError for requests it must refuse. */
  async handle(request: ValidRequest): Promise<MethodResult<ValidRequest['method']>> {
    switch (request.method) {
      case 'getInfo':
        return { ...this.options.backend, dataDir: this.options.dataDir };
      case 'listDatasets':
        return this.datasets.list();
      case 'startTraining':
        return this.startTraining(request.params);
      case 'stopTraining':
        return this.stopTraining(request.params.runId);
    }
  }

  /** The state the status bar shows. */
  status(): EngineStatus {
    return this.active
      ? { state: 'training', detail: `Training run ${this.active.runId}`, runId: this.active.runId }
      : { state: 'ready', detail: `Ready on ${this.options.backend.backend}`, runId: null };
  }

  /** Resolves when the current run (if any) has ended; for orderly shutdown and tests. */
  async idle(): Promise<void> {
    await this.active?.done;
  }

  private async startTraining(config: Extract<ValidRequest, { method: 'startTraining' }>['params']): Promise<{ runId: string }> {
    if (this.active) {
      throw new WorkbenchError('busy', `Run ${this.active.runId} is still training; stop it before starting another.`);
    }
    const dataset = await this.datasets.open(config.datasetId);
    const controller = new AbortController();
    const run = startRecordedTraining({
      config,
      dataset,
      backend: this.options.backend.backend,
      store: this.runs,
      signal: controller.signal,
      emit: (event: TrainingProgress) => this.options.emit('trainingProgress', event),
      onWriteError: (error) => console.error(`[engine] could not write run ${run.runId}: ${error.message}`),
    });
    const runId = run.runId;
    const done = run.done.finally(() => {
      this.active = null;
      this.options.emit('engineStatus', this.status());
    });
    this.active = { runId, controller, done };
    this.options.emit('engineStatus', this.status());
    return { runId };
  }

  private stopTraining(runId: string): { stopped: boolean } {
    if (!this.active || this.active.runId !== runId) return { stopped: false };
    this.active.controller.abort();
    return { stopped: true };
  }
}
