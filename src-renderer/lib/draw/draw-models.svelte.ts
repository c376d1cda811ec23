/**
 * The models the Draw view offers: the runs a drawing can go through, the one chosen, and
 * the "train the default model" offer for a workbench with none yet.
 */
import { keptRunChoice } from '../runs/run-choice';
import { describeError } from '../state/describe-error';
import type { DrawModelApi, DrawRun } from './draw-api';
import { drawableRuns } from './draw-format';

export class DrawModels {
  /** runs with a checkpoint and an encoder; null until listed */
  runs = $state.raw<readonly DrawRun[] | null>(null);
  /** the chosen run, '' for none */
  runId = $state('');
  /** the default model was asked for from here and is training */
  trainingDefault = $state(false);
  /** why listing or starting the default model failed, until listing works again */
  error = $state<string | null>(null);
  /** the chosen run while it is listed; a string, so re-listing the same runs is no change */
  readonly activeRunId = $derived(this.runs?.some((r) => r.runId === this.runId) ? this.runId : null);

  constructor(private readonly api: Pick<DrawModelApi, 'listRuns' | 'startTraining'>) {}

  /** Lists the runs again. `engineReady` is asked once they are here: a ready engine means
   * the default model's run has ended (trained, or failed and said so in the Train view). */
  async load(engineReady: () => boolean): Promise<void> {
    try {
      const list = drawableRuns(await this.api.listRuns({}));
      if (engineReady()) this.trainingDefault = false;
      this.runs = list;
      this.runId = keptRunChoice(list, this.runId);
      this.error = null;
    } catch (e) {
      this.error = `Could not list trained models: ${describeError(e)}`;
    }
  }

  /** Starts the reference run (a dense autoencoder, 10 epochs on MNIST) the pad can use. */
  async trainDefault(): Promise<void> {
    try {
      await this.api.startTraining({ datasetId: 'mnist-10k', model: 'dense-ae' });
      this.trainingDefault = true;
    } catch (e) {
      this.error = `Could not start training: ${describeError(e)}`;
    }
  }
}
