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
  const done = runTraining({
    runId,
    config: options.config,
    dataset: options.dataset,
    backend: options.backend,
    signal: options.signal,
    ...(options.pause ? { pause: options.pause } : {}),
    onModel: (model, epochsDone) => options.onModel?.(runId, model, epochsDone),
    ...(checkpoint ? { resumeFrom: checkpoint } : {}),
    saveCheckpoint: async (slot, content) => {
      // run.json must exist first: the folder is created with it
      await recorder.flush();
      await saveCheckpoint(dir, slot, content);
    },
    emit: (event) => {
      recorder.observe(event);
      options.emit(event);
    },
  }).then(async (finished) => {
    if (checkpoint) disposeState(checkpoint.groups);
    await recorder.flush().catch((error: Error) => options.onWriteError?.(error));
    return finished;
  });
  return { runId, dir, done };
}
