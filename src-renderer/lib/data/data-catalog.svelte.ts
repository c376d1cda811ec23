/**
 * The Data view's state: the datasets, the one being browsed, its statistics and the label
 * filter; imports and downloads in flight. One concern: what the engine has and what is shown.
 */
import type { DatasetJobProgress, DatasetStats, DatasetSummary, MethodParams, WorkbenchApi } from '../../../src-main/protocol';
import { describeError } from '../state/describe-error';
import { DatasetJob } from './dataset-job.svelte';

type Api = Pick<
  WorkbenchApi,
  | 'listDatasets'
  | 'getDatasetStats'
  | 'importDataset'
  | 'downloadDataset'
  | 'cancelDatasetJob'
  | 'deleteDataset'
  | 'setFashionMnistFolder'
  | 'onDatasetJobProgress'
>;

/** Why jobs in flight stopped reporting: the engine restarted, or the page lost its connection. */
export type JobInterruption = 'restart' | 'disconnect';

/** What an interrupted import or download says, with what to do next. */
function interruptionMessage(cause: JobInterruption, job: 'import' | 'download'): string {
  return cause === 'restart'
    ? `The engine restarted; the ${job} was interrupted — start it again.`
    : `The connection to the engine dropped; the ${job} was interrupted — start it again if its dataset is not listed.`;
}

/** Events of not yet known jobs kept at most, oldest dropped first. */
const EARLY_EVENTS = 64;

export class DataCatalog {
  state = $state<'loading' | 'ready' | 'error'>('loading');
  datasets = $state.raw<DatasetSummary[]>([]);
  selectedId = $state<string | null>(null);
  stats = $state.raw<DatasetStats | null>(null);
  /** only images of this label are shown; null: all */
  label = $state<number | null>(null);
  error = $state<string | null>(null);
  /** the import and the download, each while it runs and after it ends until dismissed */
  importJob = $state<DatasetJob | null>(null);
  downloadJob = $state<DatasetJob | null>(null);
  private statsTicket = 0;
  // events of jobs this catalog has not heard of yet: a job that fails at once can announce
  // its end before the request that started it has answered
  private early: DatasetJobProgress[] = [];

  constructor(private readonly api: Api) {}

  get selected(): DatasetSummary | null {
    return this.datasets.find((d) => d.id === this.selectedId) ?? null;
  }

  /** Subscribes to job events; returns the disposer. */
  listen(): () => void {
    return this.api.onDatasetJobProgress((event) => {
      const job = [this.importJob, this.downloadJob].find((j) => j?.jobId === event.jobId);
      if (job) this.deliver(job, event);
      else this.early = [...this.early.slice(1 - EARLY_EVENTS), event];
    });
  }

  private deliver(job: DatasetJob, event: DatasetJobProgress): void {
    job.apply(event);
    if (event.kind === 'finished' && event.status === 'completed') {
      void this.refresh().then(() => event.dataset && this.select(event.dataset.id));
    }
  }

  /** A job just started, with the events it sent before its start was answered. */
  private track(jobId: string, datasetId: string): DatasetJob {
    const job = new DatasetJob(jobId, datasetId);
    const sent = this.early.filter((e) => e.jobId === jobId);
    this.early = this.early.filter((e) => e.jobId !== jobId);
    for (const event of sent) this.deliver(job, event);
    return job;
  }

  async refresh(): Promise<void> {
    try {
      this.datasets = await this.api.listDatasets({});
      this.state = 'ready';
      if (!this.selected && this.datasets.length > 0) this.select(this.datasets[0]!.id);
    } catch (error) {
      this.state = 'error';
      this.error = describeError(error);
    }
  }

  /** Browses a dataset: clears the filter and loads its statistics. */
  select(id: string): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.label = null;
    this.stats = null;
    const ticket = ++this.statsTicket;
    this.api.getDatasetStats({ datasetId: id }).then(
      (stats) => {
        if (ticket === this.statsTicket) this.stats = stats;
      },
      (error: unknown) => {
        if (ticket === this.statsTicket) this.error = describeError(error);
      },
    );
  }

  /** Shows only `label` (null: all); choosing the shown label again shows all. */
  filter(label: number | null): void {
    this.label = label === this.label ? null : label;
  }

  async startImport(request: MethodParams<'importDataset'>): Promise<void> {
    try {
      const { jobId, datasetId } = await this.api.importDataset(request);
      this.importJob = this.track(jobId, datasetId);
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async startDownload(baseUrl?: string): Promise<void> {
    try {
      const { jobId, datasetId } = await this.api.downloadDataset({ datasetId: 'mnist', ...(baseUrl ? { baseUrl } : {}) });
      this.downloadJob = this.track(jobId, datasetId);
    } catch (error) {
      this.error = describeError(error);
    }
  }

  /** Ends the import and download in flight: a restarted engine has forgotten them, and
   * events sent while the connection was down are lost. */
  interruptJobs(cause: JobInterruption): void {
    this.importJob?.interrupt(interruptionMessage(cause, 'import'));
    this.downloadJob?.interrupt(interruptionMessage(cause, 'download'));
  }

  async cancel(job: DatasetJob | null): Promise<void> {
    if (job) await this.api.cancelDatasetJob({ jobId: job.jobId }).catch((error: unknown) => (this.error = describeError(error)));
  }

  /** Points the engine at the folder holding Fashion-MNIST's files, then browses it. */
  async chooseFashionFolder(path: string): Promise<void> {
    try {
      const summary = await this.api.setFashionMnistFolder({ path });
      await this.refresh();
      this.select(summary.id);
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.api.deleteDataset({ datasetId: id });
      if (this.selectedId === id) this.selectedId = null;
      await this.refresh();
    } catch (error) {
      this.error = describeError(error);
    }
  }
}
