/**
 * The Anomalies and Reconstructions views' state outlives the views (the shell re-creates a
 * view on every visit): one set per API object, made inside its own effect root so its
 * deriveds do not die with the view that created them. Both views share one router of
 * `anomalyProgress` events, subscribed once.
 */
import type { AnomalySplit, ScoreKind, WorkbenchApi } from '../../../src-main/protocol';
import type { BrowseOrder } from '../reconstructions/browse';
import { SampleLoader } from '../reconstructions/sample-images.svelte';
import { JobEvents } from './job-events';
import type { HistogramMode } from './score-histogram';
import { ScoringSession } from './scoring-session.svelte';
import { SweepSession } from './sweep-session.svelte';

/** What the Anomalies view's controls hold. */
export class AnomalySettings {
  runId = $state('');
  split = $state<AnomalySplit>('val');
  score = $state<ScoreKind>('bce');
  threshold = $state(0);
  normal = $state.raw<readonly number[]>([]);
  mode = $state<HistogramMode>('stacked');
}

/** What the Reconstructions view's controls hold. */
export class ReconstructionSettings {
  runId = $state('');
  /** other runs shown beside the first, same dataset */
  compare = $state.raw<readonly string[]>([]);
  split = $state<AnomalySplit>('val');
  score = $state<'bce' | 'mse'>('bce');
  label = $state<number | null>(null);
  order = $state<BrowseOrder>('worst');
  page = $state(0);
  /** the runs scored last, base run first, each with its scoring */
  shown = $state.raw<ReadonlyArray<{ runId: string; scoring: ScoringSession }>>([]);
}

export interface KeptAnomalies {
  scoring: ScoringSession;
  sweep: SweepSession;
  images: SampleLoader;
  settings: AnomalySettings;
}

export interface KeptReconstructions {
  /** one scoring per run shown, the first being the base run */
  scorings: Map<string, ScoringSession>;
  images: SampleLoader;
  settings: ReconstructionSettings;
  /** a scoring for `runId`, made on first use inside the kept effect root */
  scoringFor(runId: string): ScoringSession;
}

const routers = new WeakMap<object, JobEvents>();
const anomalies = new WeakMap<object, KeptAnomalies>();
const reconstructions = new WeakMap<object, KeptReconstructions>();

/** The one event router of `api`. */
export function jobEvents(api: WorkbenchApi): JobEvents {
  let router = routers.get(api);
  if (!router) {
    const made = new JobEvents();
    api.onAnomalyProgress((event) => made.receive(event));
    routers.set(api, (router = made));
  }
  return router;
}

/** Runs `make` in an effect root that lives as long as the page. */
function rooted<T>(make: () => T): T {
  let made: T | undefined;
  $effect.root(() => void (made = make()));
  // server-side Svelte (the unit tests) runs no effects, and has no owners to outlive
  return made ?? make();
}

/** The Anomalies view's state for `api`, the same object on every call. */
export function keptAnomalies(api: WorkbenchApi): KeptAnomalies {
  let state = anomalies.get(api);
  if (!state) {
    const events = jobEvents(api);
    state = rooted(() => ({ scoring: new ScoringSession(api, events), sweep: new SweepSession(api, events), images: new SampleLoader(api), settings: new AnomalySettings() }));
    anomalies.set(api, state);
  }
  return state;
}

/** The Reconstructions view's state for `api`, the same object on every call. */
export function keptReconstructions(api: WorkbenchApi): KeptReconstructions {
  let state = reconstructions.get(api);
  if (!state) {
    const events = jobEvents(api);
    const scorings = new Map<string, ScoringSession>();
    const made: KeptReconstructions = rooted(() => ({
      scorings,
      images: new SampleLoader(api),
      settings: new ReconstructionSettings(),
      scoringFor: (runId: string) => {
        let session = scorings.get(runId);
        if (!session) scorings.set(runId, (session = rooted(() => new ScoringSession(api, events))));
        return session;
      },
    }));
    reconstructions.set(api, (state = made));
  }
  return state;
}
