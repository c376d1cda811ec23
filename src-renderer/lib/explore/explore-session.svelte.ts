/**
 * One projection as the Explore view follows it: starts it, listens to its events (ignoring
 * those of older projections), fetches its points once encoded and keeps the latest layout.
 * Events that arrive before startProjection's reply names their id are held, then replayed.
 */
import { WorkbenchError } from '../../../src-main/protocol';
import type { KeptMapInfo, MethodParams, ProjectionPoints, ProjectionProgress, WorkbenchApi } from '../../../src-main/protocol';
import { describeError } from '../state/describe-error';

/** The engine methods a session uses. */
export type ExploreApi = Pick<WorkbenchApi, 'startProjection' | 'cancelProjection' | 'getProjectionPoints' | 'onProjectionProgress'>;

/** Where a projection stands; `finished` only once its points and layout are here too. */
export type ProjectionPhase = 'idle' | 'starting' | 'encoding' | 'projecting' | 'finished' | 'cancelled' | 'failed';

/** A layout as the map draws it. */
export interface Layout {
  /** x, y per point, aligned with the points' indices */
  coords: Float32Array;
  epoch: number;
  epochs: number;
  /** PCA: each axis's share of the variance */
  varianceExplained: readonly [number, number] | null;
}

/** The current stage of a projection still in progress. */
export interface StageProgress {
  stage: 'encoding' | 'neighbours' | 'graph';
  done: number;
  total: number;
}

type Ending = Extract<ProjectionProgress, { kind: 'finished' }>;

export class ExploreSession {
  /** what was asked for, as sent */
  request = $state.raw<MethodParams<'startProjection'> | null>(null);
  projectionId = $state<string | null>(null);
  /** points projected and points in the split */
  size = $state.raw<{ count: number; total: number } | null>(null);
  stage = $state.raw<StageProgress | null>(null);
  points = $state.raw<ProjectionPoints | null>(null);
  layout = $state.raw<Layout | null>(null);
  ending = $state.raw<Ending | null>(null);
  /** why starting, fetching or the projection itself failed */
  error = $state<string | null>(null);
  /** the map kept with the run, when that is what is shown (no fit happened) */
  kept = $state.raw<KeptMapInfo | null>(null);
  private starting = $state(false);

  /** The phase, for the view's data-state and its controls. */
  readonly phase: ProjectionPhase = $derived.by(() => {
    if (this.error !== null || this.ending?.status === 'failed') return 'failed';
    if (this.ending?.status === 'cancelled') return 'cancelled';
    if (this.starting) return 'starting';
    if (this.projectionId === null) return 'idle';
    if (this.ending && this.points && this.layout) return 'finished';
    return this.points || this.layout ? 'projecting' : 'encoding';
  });
  /** True while the engine works on it (Cancel applies). */
  readonly busy = $derived(this.phase === 'starting' || this.phase === 'encoding' || this.phase === 'projecting');

  private held: ProjectionProgress[] = [];
  private generation = 0;

  /** Listens for the API's lifetime: the session is kept across visits of the view. */
  constructor(private readonly api: ExploreApi) {
    api.onProjectionProgress((event) => this.receive(event));
  }

  /** Shows the map kept with `runId`, if it has one; otherwise the session is left idle. */
  async showKept(runId: string): Promise<void> {
    await this.start({ runId, kept: 'latest' }, true);
  }

  /** Fits the shown map again with its own settings (the run's weights may have moved on). */
  async recompute(): Promise<void> {
    const request = this.request;
    const kept = this.kept;
    if (!request) return;
    const { split, method, umap, maxPoints, seed } = kept ?? { ...request };
    await this.start({ ...request, ...(kept ? { split, method, umap, maxPoints, seed } : {}), kept: 'refit' });
  }

  /** Starts a projection; the previous one (if running) is cancelled by the engine. With
   * `quiet`, a run without a kept map leaves the session idle instead of failing. */
  async start(params: MethodParams<'startProjection'>, quiet = false): Promise<void> {
    const generation = ++this.generation;
    // a refused start (a bad import, a run without an encoder) leaves the engine's current
    // projection as it was, so the map on screen stays too
    const before = { request: this.request, projectionId: this.projectionId, size: this.size, stage: this.stage, points: this.points, layout: this.layout, ending: this.ending, kept: this.kept };
    this.request = params;
    this.kept = null;
    this.projectionId = null;
    this.size = null;
    this.stage = null;
    this.points = null;
    this.layout = null;
    this.ending = null;
    this.error = null;
    this.starting = true;
    this.held = [];
    try {
      const started = await this.api.startProjection(params);
      if (generation !== this.generation) return;
      this.projectionId = started.projectionId;
      this.size = { count: started.count, total: started.total };
      this.kept = started.kept;
      const held = this.held.filter((e) => e.projectionId === started.projectionId);
      this.held = [];
      for (const event of held) this.apply(event);
    } catch (error) {
      if (generation !== this.generation) return;
      if (quiet && error instanceof WorkbenchError && error.code === 'not-found') {
        this.request = null;
        return;
      }
      Object.assign(this, before);
      this.error = `Could not start the projection: ${describeError(error)}`;
    } finally {
      if (generation === this.generation) this.starting = false;
    }
  }

  /** Asks the engine to stop the current projection. */
  async cancel(): Promise<void> {
    const id = this.projectionId;
    if (id === null || !this.busy) return;
    try {
      await this.api.cancelProjection({ projectionId: id });
    } catch (error) {
      this.error = `Could not cancel the projection: ${describeError(error)}`;
    }
  }

  /** Gives up on a projection the engine can no longer finish (it restarted). */
  abandon(reason: string): void {
    if (this.busy) this.error = reason;
  }

  private receive(event: ProjectionProgress): void {
    if (this.starting && this.projectionId === null) this.held.push(event);
    else if (event.projectionId === this.projectionId) this.apply(event);
  }

  private apply(event: ProjectionProgress): void {
    switch (event.kind) {
      case 'stage':
        this.stage = { stage: event.stage, done: event.done, total: event.total };
        break;
      case 'encoded':
        void this.fetchPoints(event.projectionId);
        break;
      case 'layout':
        this.layout = { coords: event.coords, epoch: event.epoch, epochs: event.epochs, varianceExplained: event.varianceExplained };
        break;
      case 'finished':
        this.ending = event;
        this.stage = null;
        break;
    }
  }

  private async fetchPoints(projectionId: string): Promise<void> {
    try {
      const points = await this.api.getProjectionPoints({ projectionId });
      if (projectionId === this.projectionId) this.points = points;
    } catch (error) {
      if (projectionId === this.projectionId) this.error = `Could not load the projected points: ${describeError(error)}`;
    }
  }
}
