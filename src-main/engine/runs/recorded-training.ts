/** A training run that writes its folder as it goes (run.json, metrics.jsonl, checkpoints):
 * what the engine and `latent train` run, fresh or resumed. */
import type { BackendName, TrainingConfig, TrainingProgress } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import type { ImageSet } from '../data/image-set';
import { disposeState } from '../models';
import { loadCheckpoint, saveCheckpoint } from '../training/checkpoint-store';
import type { LoadedCheckpoint } from '../training/checkpoint-store';
import type { PauseGate } from '../training/pause-gate';
import { runTraining } from '../training/train-loop';
import type { FinishedEvent, TrainLoopOptions } from '../training/train-loop';
import type { RunRecord } from './run-record';
import { newRunId } from './run-id';
import { RunRecorder } from './run-recorder';
import type { RunStore } from './run-store';

export interface RecordedTrainingOptions {
  config: TrainingConfig;
  dataset: ImageSet;
  backend: BackendName;
  store: RunStore;
  signal: AbortSignal;
  pause?: PauseGate;
  /** TrainLoopOptions.onModel, with the run's id */
  onModel?: (runId: string, ...args: Parameters<NonNullable<TrainLoopOptions['onModel']>>) => void;
  /** every progress event, after the recorder has seen it */
  emit: (event: TrainingProgress) => void;
  /** told when the run's files could not be written; training goes on regardless */
  onWriteError?: (error: Error) => void;
}

/** A run in progress: `done` resolves with its last event once its files are written. */
export interface RecordedRun {
  runId: string;
  dir: string;
  done: Promise<FinishedEvent>;
}

/** Starts a fresh run. */
export function startRecordedTraining(options: RecordedTrainingOptions): RecordedRun {
  return recordWith(newRunId(), options, null, null);
}

/**
 * Continues `record` from its last checkpoint up to `config.epochs` (which may exceed the
 * original count: "continue training"). Throws a WorkbenchError when it has no checkpoint.
 */
export async function resumeRecordedTraining(record: RunRecord, options: RecordedTrainingOptions): Promise<RecordedRun> {
  const checkpoint = await loadCheckpoint(options.store.dirOf(record.id), 'last');
  if (!checkpoint) {
    throw new WorkbenchError('not-found', `Run ${record.id} has no checkpoint yet (it ended before its first epoch), so it cannot resume; start a new run.`);
  }
  if (checkpoint.epoch >= options.config.epochs) {
    disposeState(checkpoint.groups);
    throw new WorkbenchError('bad-request', `Run ${record.id} has already trained ${checkpoint.epoch} epochs; ask for more than that to continue it.`);
  }
  return recordWith(record.id, options, record, checkpoint);
}

function recordWith(
  runId: string,
  options: RecordedTrainingOptions,
  resumed: RunRecord | null,
  checkpoint: LoadedCheckpoint | null,
): RecordedRun {
  const dir = options.store.dirOf(runId);
  const recorder = new RunRecorder(options.store, options.dataset.summary, options.backend, Date.now, resumed);
  // a run whose files cannot be written (disk full, read-only) stops at the next batch
  // instead of training on without a record; the caller's signal stops it too
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  if (options.signal.aborted) stop();
  else options.signal.addEventListener('abort', stop, { once: true });
  let writeError: Error | null = null;
  const failWrites = (error: unknown): void => {
    if (writeError) return;
    writeError = error instanceof Error ? error : new Error(String(error));
    options.onWriteError?.(writeError);
    stop();
  };
  let last: FinishedEvent | null = null;
  const done = runTraining({
    runId,
    config: options.config,
    dataset: options.dataset,
    backend: options.backend,
    signal: controller.signal,
    ...(options.pause ? { pause: options.pause } : {}),
    onModel: (model, epochsDone) => options.onModel?.(runId, model, epochsDone),
    ...(checkpoint ? { resumeFrom: checkpoint } : {}),
    saveCheckpoint: async (slot, content) => {
      try {
        // run.json must exist first: the folder is created with it
        await recorder.flush();
        await saveCheckpoint(dir, slot, content);
      } catch (error) {
        failWrites(error);
        throw error;
      }
    },
    emit: (event) => {
      // the loop saw only an abort: say why the run really ended
      const shown: TrainingProgress = event.kind === 'finished' && writeError ? { ...event, status: 'failed', message: writeError.message } : event;
      if (shown.kind === 'finished') last = shown;
      recorder.observe(shown);
      options.emit(shown);
      if (shown.kind !== 'finished') recorder.flush().catch(failWrites);
    },
  }).then(async (finished) => {
    options.signal.removeEventListener('abort', stop);
    if (checkpoint) disposeState(checkpoint.groups);
    // on a full disk this last run.json fails too: the store still answers with it
    await recorder.flush().catch((error: Error) => {
      if (!writeError) options.onWriteError?.(error);
    });
    return last ?? finished;
  });
  return { runId, dir, done };
}
