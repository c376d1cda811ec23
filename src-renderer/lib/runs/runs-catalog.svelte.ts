/**
 * The Runs view's state: the listed runs and their order, which runs are compared, which one
 * is open, and the histories read for those. Histories are read when first needed and again
 * when a re-list shows their run changed (a run that trained on, or was resumed).
 */
import type { RunHistory, RunSummary, WorkbenchApi } from '../../../src-main/protocol';
import { describeError } from '../state/describe-error';
import { buildOverlay } from './overlay';
import type { Overlay } from './overlay';
import { DEFAULT_ORDER, nextOrder, sortRuns } from './runs-table';
import type { SortKey, SortOrder } from './runs-table';

/** The engine methods the Runs view calls. */
export type RunsApi = Pick<WorkbenchApi, 'listRuns' | 'getRunHistory' | 'deleteRun'>;

/** What the view root carries as `data-state`. */
export type CatalogState = 'loading' | 'ready' | 'empty' | 'error';

/** A failed request; its source decides which success clears it. */
export interface CatalogError {
  source: 'list' | 'history' | 'delete';
  message: string;
}

/** Runs, selection and histories of the Runs view. */
export class RunsCatalog {
  /** every run on disk; null until first listed */
  runs = $state.raw<readonly RunSummary[] | null>(null);
  order = $state.raw<SortOrder>(DEFAULT_ORDER);
  /** runs ticked for comparison, in the order they were ticked (which fixes their colours) */
  selected = $state.raw<readonly string[]>([]);
  /** the run whose details are shown */
  openedId = $state<string | null>(null);
  /** histories read so far, of selected and opened runs */
  histories = $state.raw<ReadonlyMap<string, RunHistory>>(new Map());
  error = $state.raw<CatalogError | null>(null);

  /** the runs in table order */
  readonly sorted: RunSummary[] = $derived(this.runs ? sortRuns(this.runs, this.order) : []);
  readonly state: CatalogState = $derived(
    this.runs === null ? (this.error?.source === 'list' ? 'error' : 'loading') : this.runs.length ? 'ready' : 'empty',
  );
  /** the open run's history, null while it is read */
  readonly opened: RunHistory | null = $derived(this.openedId ? (this.histories.get(this.openedId) ?? null) : null);
  /** the comparison of the selected runs whose histories are in */
  readonly overlay: Overlay = $derived(buildOverlay(this.selected.flatMap((id) => this.histories.get(id) ?? [])));

  readonly #api: RunsApi;
  // refreshes overlap (engine statuses come in bursts): only the latest list is applied
  #listing = 0;

  constructor(api: RunsApi) {
    this.#api = api;
  }

  /** Lists the runs again; drops selections of runs that are gone, re-reads changed histories. */
  async refresh(): Promise<void> {
    const listing = ++this.#listing;
    let runs: RunSummary[];
    try {
      runs = await this.#api.listRuns({});
    } catch (e) {
      if (listing === this.#listing) this.error = { source: 'list', message: `Could not list runs: ${describeError(e)}` };
      return;
    }
    if (listing !== this.#listing) return;
    this.runs = runs;
    if (this.error?.source === 'list') this.error = null;
    const byId = new Map(runs.map((r) => [r.runId, r]));
    this.selected = this.selected.filter((id) => byId.has(id));
    if (this.openedId !== null && !byId.has(this.openedId)) this.openedId = null;
    const wanted = this.#wanted();
    const kept = new Map([...this.histories].filter(([id]) => wanted.has(id)));
    this.histories = kept;
    // a changed run keeps its old history on screen until the new one is in
    const stale = [...kept].filter(([id, h]) => byId.get(id)!.updatedAt !== h.run.updatedAt || byId.get(id)!.status !== h.run.status);
    await Promise.all(stale.map(([id]) => this.#load(id)));
  }

  /** Sorts by `key`, or flips the direction when already sorted by it. */
  sortBy(key: SortKey): void {
    this.order = nextOrder(this.order, key);
  }

  /** Shows `runId`'s details, reading its history if needed. */
  async open(runId: string): Promise<void> {
    this.openedId = runId;
    if (!this.histories.has(runId)) await this.#load(runId);
  }

  /** Hides the details. */
  close(): void {
    this.openedId = null;
  }

  /** Ticks or unticks `runId` for comparison. */
  async toggle(runId: string): Promise<void> {
    if (this.selected.includes(runId)) {
      this.selected = this.selected.filter((id) => id !== runId);
      return;
    }
    this.selected = [...this.selected, runId];
    if (!this.histories.has(runId)) await this.#load(runId);
  }

  /** Deletes `runId` from disk; false (with the error kept) when the engine refused. */
  async remove(runId: string): Promise<boolean> {
    try {
      // { deleted: false } means it was already gone, which is what was asked for
      await this.#api.deleteRun({ runId });
    } catch (e) {
      this.error = { source: 'delete', message: `Could not delete run ${runId}: ${describeError(e)}` };
      return false;
    }
    if (this.error?.source === 'delete') this.error = null;
    this.runs = this.runs?.filter((r) => r.runId !== runId) ?? null;
    await this.refresh();
    return true;
  }

  /** Forgets the error shown. */
  dismissError(): void {
    this.error = null;
  }

  #wanted(): Set<string> {
    return new Set(this.openedId === null ? this.selected : [...this.selected, this.openedId]);
  }

  async #load(runId: string): Promise<void> {
    try {
      const history = await this.#api.getRunHistory({ runId });
      // the user may have moved on while it was read
      if (!this.#wanted().has(runId)) return;
      this.histories = new Map(this.histories).set(runId, history);
      if (this.error?.source === 'history') this.error = null;
    } catch (e) {
      this.error = { source: 'history', message: `Could not read run ${runId}: ${describeError(e)}` };
    }
  }
}
