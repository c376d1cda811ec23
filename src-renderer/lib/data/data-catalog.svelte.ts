/**
 * The Data view's state: the datasets, the one being browsed, its statistics and the label
 * filter; imports and downloads in flight. One concern: what the engine has and what is shown.
 */
import type { DatasetStats, DatasetSummary, MethodParams, WorkbenchApi } from '../../../src-main/protocol';
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

  constructor(private readonly api: Api) {}

  get selected(): DatasetSummary | null {
    return this.datasets.find((d) => d.id === this.selectedId) ?? null;
  }

  /** Subscribes to job events; returns the disposer. */
  listen(): () => void {
    return this.api.onDatasetJobProgress((event) => {
      for (const job of [this.importJob, this.downloadJob]) {
        if (!job || job.jobId !== event.jobId) continue;
        job.apply(event);
        if (event.kind === 'finished' && event.status === 'completed') {
          void this.refresh().then(() => event.dataset && this.select(event.dataset.id));
        }
      }
    });
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
      this.importJob = new DatasetJob(jobId, datasetId);
    } catch (error) {
      this.error = describeError(error);
    }
  }

  async startDownload(baseUrl?: string): Promise<void> {
    try {
      const { jobId, datasetId } = await this.api.downloadDataset({ datasetId: 'mnist', ...(baseUrl ? { baseUrl } : {}) });
      this.downloadJob = new DatasetJob(jobId, datasetId);
    } catch (error) {
      this.error = describeError(error);
    }
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
