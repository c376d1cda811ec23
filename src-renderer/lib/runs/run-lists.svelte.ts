/**
 * The runs a view can use (filtered by the view) and the datasets beside them, as the
 * Explore, Anomalies and Reconstructions views list them: both at once, one failure sentence.
 */
import type { DatasetSummary, RunSummary, WorkbenchApi } from '../../../src-main/protocol';
import { describeError } from '../state/describe-error';

/** The engine methods the lists come from. */
export type RunListsApi = Pick<WorkbenchApi, 'listRuns' | 'listDatasets'>;

export class RunLists<R extends { runId: string }> {
  /** the usable runs; null until listed */
  runs = $state.raw<readonly R[] | null>(null);
  datasets = $state.raw<readonly DatasetSummary[]>([]);
  /** why the last listing failed; cleared by the next one that works */
  error = $state<string | null>(null);

  constructor(
    private readonly api: RunListsApi,
    private readonly usable: (runs: readonly RunSummary[]) => R[],
  ) {}

  /** Lists runs and datasets again; returns the usable runs, or null when listing failed.
   * `choose` picks the view's run from the new list in the same step, so the page never shows
   * the new list with a run it no longer holds. */
  async load(choose?: (runs: readonly R[]) => void): Promise<readonly R[] | null> {
    try {
      const [runs, datasets] = await Promise.all([this.api.listRuns({}), this.api.listDatasets({})]);
      const usable = this.usable(runs);
      choose?.(usable);
      this.runs = usable;
      this.datasets = datasets;
      this.error = null;
      return this.runs;
    } catch (e) {
      this.error = `Could not list trained models: ${describeError(e)}`;
      return null;
    }
  }

  /** The listed run with this id, or null. */
  find(runId: string): R | null {
    return this.runs?.find((r) => r.runId === runId) ?? null;
  }

  /** The class names of a listed dataset; null when it has none or is not listed. */
  classNames(datasetId: string | undefined): readonly string[] | null {
    return this.datasets.find((d) => d.id === datasetId)?.classNames ?? null;
  }
}
