/** A training run that writes its folder as it goes: what the engine and `latent train` run. */
import type { BackendName, TrainingConfig, TrainingProgress } from '../../protocol';
import type { ImageSet } from '../data/image-set';
import { runTraining } from '../training/train-loop';
import type { FinishedEvent } from '../training/train-loop';
import { newRunId } from './run-id';
import { RunRecorder } from './run-recorder';
import type { RunStore } from './run-store';

export interface RecordedTrainingOptions {
  config: TrainingConfig;
  dataset: ImageSet;
  backend: BackendName;
  store: RunStore;
  signal: AbortSignal;
  /** every progress event, after the recorder has seen it */
  emit: (event: TrainingProgress) => void;
  /** told when the run's files could not be written; training goes on regardless */
  onWriteError?: (error: Error) => void;
}

/** Starts a run; `done` resolves with its last event once its files are written. */
export function startRecordedTraining(options: RecordedTrainingOptions): { runId: string; dir: string; done: Promise<FinishedEvent> } {
  const runId = newRunId();
  const recorder = new RunRecorder(options.store, options.dataset.summary, options.backend);
  const done = runTraining({
    runId,
    config: options.config,
    dataset: options.dataset,
    backend: options.backend,
    signal: options.signal,
    emit: (event) => {
      recorder.observe(event);
      options.emit(event);
    },
  }).then(async (finished) => {
    await recorder.flush().catch((error: Error) => options.onWriteError?.(error));
    return finished;
  });
  return { runId, dir: options.store.dirOf(runId), done };
}
