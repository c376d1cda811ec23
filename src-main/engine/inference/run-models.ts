/**
 * Models of trained runs, ready for inference: the live model of the run in training (its
 * latest weights, no copy) or a run's best checkpoint loaded once and kept while used.
 */
import { WorkbenchError } from '../../protocol';
import type { DatasetRegistry } from '../data/registry';
import type { ImageSet } from '../data/image-set';
import { createModel, disposeState, modelArgs } from '../models';
import type { TrainableModel } from '../models';
import type { RunStore } from '../runs/run-store';
import { listCheckpoints, loadCheckpoint } from '../training/checkpoint-store';
import { computeLens } from './dataset-lens';
import type { DatasetLens } from './dataset-lens';

/** A model with the data it was trained on and, lazily, that data's lens. */
export interface RunModel {
  model: TrainableModel;
  dataset: ImageSet;
  /** which weights: "live (epoch 3)" or "checkpoint best (epoch 7)" */
  weights: string;
  lens(): Promise<DatasetLens>;
  /** Keeps the model alive for a long job even if the cache lets it go (a third run
   * loaded, a newer checkpoint); call the returned function when done. */
  hold(): () => void;
}

/** Checkpoint models kept in memory at once; older ones are freed. */
const CACHED = 2;
/** How often a cached checkpoint is checked for a newer one. */
const RECHECK_MS = 2000;
/** While a run trains, its lens (a pass over the dataset, ~a quarter of an epoch's work) is
 * refreshed at most this often: every epoch would cost a training run ~15% of its speed,
 * every 10 s still ~4%. Reconstructions always use the latest weights. */
const LIVE_LENS_MAX_AGE_MS = 30_000;
/** While a run trains, drawings are answered at most this often (20 a second still follows
 * a pen), so a user drawing steals little of the training's time. */
const LIVE_MIN_INTERVAL_MS = 50;

interface Cached {
  handle: RunModel;
  /** frees the model now, or when the last hold is released */
  retire: () => void;
  key: string;
  checkedAt: number;
}

export class RunModels {
  private live: { runId: string; handle: RunModel; lensSince: number } | null = null;
  private lastLiveAnswer = Number.NEGATIVE_INFINITY;
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly store: RunStore,
    private readonly datasets: DatasetRegistry,
  ) {}

  /** The training loop's model while it trains (null when it ends); `epoch` = epochs done. */
  setLive(runId: string, model: TrainableModel | null, dataset: ImageSet, epoch: number): void {
    if (!model) {
      if (this.live?.runId === runId) this.live = null;
      return;
    }
    const weights = `live weights after epoch ${epoch}`;
    const previous = this.live?.runId === runId ? this.live : null;
    if (previous && Date.now() - previous.lensSince < LIVE_LENS_MAX_AGE_MS) {
      // same model object, newer weights: keep the recent lens
      this.live = { ...previous, handle: { ...previous.handle, model, weights } };
      return;
    }
    this.live = { runId, handle: withLens({ model, dataset, weights }), lensSince: Date.now() };
  }

  /** The model to answer for `runId`. */
  async get(runId: string): Promise<RunModel> {
    if (this.live?.runId === runId) {
      const wait = this.lastLiveAnswer + LIVE_MIN_INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastLiveAnswer = Date.now();
      // the run may have ended meanwhile; then its checkpoint answers
      if (this.live?.runId === runId) return this.live.handle;
    }
    const cached = this.cache.get(runId);
    if (cached && Date.now() - cached.checkedAt < RECHECK_MS) return cached.handle;
    const dir = this.store.dirOf(runId);
    const checkpoints = await listCheckpoints(dir).catch(() => []);
    const slot = checkpoints.find((c) => c.slot === 'best') ?? checkpoints.find((c) => c.slot === 'last');
    if (!slot) {
      throw new WorkbenchError('not-found', `Run ${runId} has no checkpoint yet: train it for at least one epoch first.`);
    }
    const key = `${slot.slot}@${slot.epoch}`;
    if (cached?.key === key) {
      cached.checkedAt = Date.now();
      return cached.handle;
    }
    const { handle, retire } = await this.load(runId, slot.slot, slot.epoch);
    this.remember(runId, { handle, retire, key, checkedAt: Date.now() });
    return handle;
  }

  /** Frees every cached model (not the live one: the training loop owns it). */
  dispose(): void {
    for (const entry of this.cache.values()) entry.retire();
    this.cache.clear();
  }

  private async load(runId: string, slot: 'best' | 'last', epoch: number): Promise<{ handle: RunModel; retire: () => void }> {
    const record = await this.store.read(runId);
    const dataset = await this.datasets.open(record.config.datasetId);
    const checkpoint = await loadCheckpoint(this.store.dirOf(runId), slot);
    if (!checkpoint) throw new WorkbenchError('not-found', `Run ${runId}'s ${slot} checkpoint disappeared while loading; try again.`);
    const model = createModel(record.config.model, modelArgs(record.config, dataset.summary));
    try {
      await model.loadState(checkpoint.groups);
    } catch (error) {
      model.dispose();
      throw new WorkbenchError('internal', `Run ${runId}'s checkpoint does not fit its model: ${(error as Error).message}`);
    } finally {
      disposeState(checkpoint.groups);
    }
    return held(withLens({ model, dataset, weights: `checkpoint ${slot} (epoch ${epoch})` }));
  }

  private remember(runId: string, entry: Cached): void {
    this.cache.get(runId)?.retire();
    this.cache.delete(runId);
    this.cache.set(runId, entry);
    while (this.cache.size > CACHED) {
      const [oldestId, oldest] = this.cache.entries().next().value as [string, Cached];
      oldest.retire();
      this.cache.delete(oldestId);
    }
  }
}

/** A checkpoint model's handle with holds: retiring it frees the model once nothing holds it. */
function held(handle: RunModel): { handle: RunModel; retire: () => void } {
  let holds = 0;
  let retired = false;
  const free = (): void => {
    if (retired && holds === 0) handle.model.dispose();
  };
  handle.hold = () => {
    holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      holds--;
      free();
    };
  };
  return {
    handle,
    retire: () => {
      if (retired) return;
      retired = true;
      free();
    },
  };
}

/** Live models need no holds: the training loop owns them. */
const NOT_HELD = (): (() => void) => () => {};

function withLens(base: Omit<RunModel, 'lens' | 'hold'>): RunModel {
  let lens: Promise<DatasetLens> | null = null;
  return {
    ...base,
    hold: NOT_HELD,
    lens: () => {
      lens ??= computeLens(base.model, base.dataset);
      // a failed computation is retried by the next request
      lens.catch(() => (lens = null));
      return lens;
    },
  };
}
