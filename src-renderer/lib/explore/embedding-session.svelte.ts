/**
 * An embedding file as the Explore view follows it, without a model: opens it by path on the
 * engine's machine, follows its loading (progress, then its rows: words and metadata), maps
 * its vectors with PCA or UMAP (the layouts stream as a run's do), and answers word queries
 * whose rows the map highlights. Events that arrive before a reply names their id are held,
 * then replayed, as ExploreSession does.
 */
import type { EmbeddingProgress, EmbeddingQueryResult, EmbeddingRows, MethodParams, ProjectionProgress, WorkbenchApi } from '../../../src-main/protocol';
import { WorkbenchError } from '../../../src-main/protocol';
import { describeError } from '../state/describe-error';
import type { Layout, StageProgress } from './explore-session.svelte';

/** The engine methods an embedding session uses. */
export type EmbeddingApi = Pick<
  WorkbenchApi,
  'openEmbeddingFile' | 'cancelEmbeddingFile' | 'getEmbeddingRows' | 'startEmbeddingProjection' | 'cancelProjection' | 'queryEmbedding' | 'onEmbeddingProgress' | 'onProjectionProgress'
>;

/** Where the file stands: opening and loading it, then mapping it. */
export type EmbeddingPhase = 'idle' | 'loading' | 'loaded' | 'projecting' | 'finished' | 'cancelled' | 'failed';

/** A refusal (a wrong path, an unknown word) is the user's to fix: its sentence alone says how. */
function sentence(error: unknown): string {
  return error instanceof WorkbenchError && error.code === 'bad-request' ? error.message : describeError(error);
}

type Ending = Extract<ProjectionProgress, { kind: 'finished' }>;
type Loaded = Extract<EmbeddingProgress, { kind: 'loaded' }>;

/** Projection settings a file's map is made with. */
export type EmbeddingProjectionParams = Omit<MethodParams<'startEmbeddingProjection'>, 'embeddingId'>;

export class EmbeddingSession {
  embeddingId = $state<string | null>(null);
  /** lines (or bytes) read of the total while loading */
  reading = $state.raw<{ done: number; total: number } | null>(null);
  loaded = $state.raw<Loaded | null>(null);
  rows = $state.raw<EmbeddingRows | null>(null);
  /** why loading was cancelled */
  loadEnd = $state<string | null>(null);
  projectionId = $state<string | null>(null);
  method = $state<'pca' | 'umap'>('pca');
  stage = $state.raw<StageProgress | null>(null);
  layout = $state.raw<Layout | null>(null);
  ending = $state.raw<Ending | null>(null);
  /** the last query's answer, and what was asked */
  result = $state.raw<(EmbeddingQueryResult & { query: string }) | null>(null);
  /** why the last query was refused (an unknown word) */
  queryError = $state<string | null>(null);
  /** why opening, loading or mapping failed */
  error = $state<string | null>(null);
  private opening = $state(false);
  private projecting = $state(false);

  readonly phase: EmbeddingPhase = $derived.by(() => {
    if (this.error !== null || this.ending?.status === 'failed') return 'failed';
    if (this.loadEnd !== null || this.ending?.status === 'cancelled') return 'cancelled';
    if (this.opening) return 'loading';
    if (this.embeddingId === null) return 'idle';
    if (!this.rows) return 'loading';
    if (this.projecting || (this.projectionId !== null && !this.ending)) return 'projecting';
    return this.ending && this.layout ? 'finished' : 'loaded';
  });
  /** True while the engine loads or maps (Cancel applies). */
  readonly busy = $derived(this.phase === 'loading' || this.phase === 'projecting');
  /** Rows to ring on the map: the query's answers, and its own words. */
  readonly highlighted = $derived(this.result?.matches.map((m) => m.index) ?? []);
  readonly queried = $derived(this.result?.queryIndices ?? []);

  private heldLoading: EmbeddingProgress[] = [];
  private heldProjection: ProjectionProgress[] = [];
  private generation = 0;

  /** Listens for the API's lifetime, as the view's other kept state does. */
  constructor(private readonly api: EmbeddingApi) {
    api.onEmbeddingProgress((event) => {
      if (this.opening && this.embeddingId === null) this.heldLoading.push(event);
      else if (event.embeddingId === this.embeddingId) void this.applyLoading(event);
    });
    api.onProjectionProgress((event) => {
      if (this.projecting && this.projectionId === null) this.heldProjection.push(event);
      else if (event.projectionId === this.projectionId) this.applyProjection(event);
    });
  }

  /** Opens the file at `path` (and its metadata), dropping the file shown before. */
  async open(path: string, metadataPath?: string): Promise<void> {
    const generation = ++this.generation;
    this.reset();
    this.opening = true;
    try {
      const params = metadataPath?.trim() ? { path, metadataPath } : { path };
      const { embeddingId } = await this.api.openEmbeddingFile(params);
      if (generation !== this.generation) return;
      this.embeddingId = embeddingId;
      const held = this.heldLoading.filter((e) => e.embeddingId === embeddingId);
      this.heldLoading = [];
      for (const event of held) await this.applyLoading(event);
    } catch (error) {
      if (generation === this.generation) this.error = `Could not open the file: ${sentence(error)}`;
    } finally {
      if (generation === this.generation) this.opening = false;
    }
  }

  /** Maps the loaded file's vectors. */
  async project(params: EmbeddingProjectionParams): Promise<void> {
    const embeddingId = this.embeddingId;
    if (!embeddingId || !this.rows) return;
    const generation = ++this.generation;
    this.method = params.method ?? 'pca';
    this.projectionId = null;
    this.stage = null;
    this.layout = null;
    this.ending = null;
    this.error = null;
    this.projecting = true;
    this.heldProjection = [];
    try {
      const started = await this.api.startEmbeddingProjection({ embeddingId, ...params });
      if (generation !== this.generation) return;
      this.projectionId = started.projectionId;
      const held = this.heldProjection.filter((e) => e.projectionId === started.projectionId);
      this.heldProjection = [];
      for (const event of held) this.applyProjection(event);
    } catch (error) {
      if (generation === this.generation) this.error = `Could not map the file: ${describeError(error)}`;
    } finally {
      if (generation === this.generation) this.projecting = false;
    }
  }

  /** Stops the load or the projection in progress. */
  async cancel(): Promise<void> {
    try {
      if (this.phase === 'loading' && this.embeddingId) await this.api.cancelEmbeddingFile({ embeddingId: this.embeddingId });
      else if (this.phase === 'projecting' && this.projectionId) await this.api.cancelProjection({ projectionId: this.projectionId });
    } catch (error) {
      this.error = `Could not cancel: ${describeError(error)}`;
    }
  }

  /** Gives up on a load or projection the engine can no longer finish (it restarted). */
  abandon(reason: string): void {
    if (this.busy) this.error = reason;
  }

  /** A word's nearest words, or an analogy "a - b + c"; a refusal keeps the last answer. */
  async query(text: string, k: number): Promise<void> {
    const embeddingId = this.embeddingId;
    const query = text.trim();
    if (!embeddingId || !this.rows) return;
    if (!query) {
      this.queryError = 'Type a word, or an analogy like "king - man + woman".';
      return;
    }
    try {
      const result = await this.api.queryEmbedding({ embeddingId, query, k });
      if (embeddingId !== this.embeddingId) return;
      this.result = { ...result, query };
      this.queryError = null;
    } catch (error) {
      if (embeddingId === this.embeddingId) this.queryError = sentence(error);
    }
  }

  /** Clears the query's answer and its highlights. */
  clearQuery(): void {
    this.result = null;
    this.queryError = null;
  }

  /** The word (or label) of row `index`, and its metadata cells by column. */
  describeRow(index: number): { label: string; cells: Array<{ column: string; value: string }> } {
    const rows = this.rows;
    const label = rows?.labels?.[index] ?? `Row ${index + 1}`;
    const meta = rows?.metadata;
    const cells = meta ? meta.columns.map((column, c) => ({ column, value: meta.rows[index]?.[c] ?? '' })) : [];
    return { label, cells };
  }

  private reset(): void {
    this.embeddingId = null;
    this.reading = null;
    this.loaded = null;
    this.rows = null;
    this.loadEnd = null;
    this.projectionId = null;
    this.stage = null;
    this.layout = null;
    this.ending = null;
    this.result = null;
    this.queryError = null;
    this.error = null;
    this.projecting = false;
    this.heldLoading = [];
  }

  private async applyLoading(event: EmbeddingProgress): Promise<void> {
    switch (event.kind) {
      case 'reading':
        this.reading = { done: event.done, total: event.total };
        break;
      case 'loaded':
        this.loaded = event;
        try {
          const rows = await this.api.getEmbeddingRows({ embeddingId: event.embeddingId });
          if (event.embeddingId === this.embeddingId) this.rows = rows;
        } catch (error) {
          if (event.embeddingId === this.embeddingId) this.error = `Could not load the file's words: ${describeError(error)}`;
        }
        break;
      case 'cancelled':
        this.loadEnd = event.message;
        break;
      case 'failed':
        this.error = event.message;
        break;
    }
  }

  private applyProjection(event: ProjectionProgress): void {
    switch (event.kind) {
      case 'stage':
        this.stage = { stage: event.stage, done: event.done, total: event.total };
        break;
      case 'layout':
        this.layout = { coords: event.coords, epoch: event.epoch, epochs: event.epochs, varianceExplained: event.varianceExplained };
        break;
      case 'finished':
        this.ending = event;
        this.stage = null;
        break;
      case 'encoded':
        break;
    }
  }
}
