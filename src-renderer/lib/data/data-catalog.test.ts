import { describe, expect, it } from 'vitest';
import type { DatasetJobProgress, DatasetStats, DatasetSummary } from '../../../src-main/protocol';
import { DataCatalog } from './data-catalog.svelte';

const summary = (id: string): DatasetSummary => ({ id, name: id, count: 4, width: 2, height: 2, channels: 1, trainCount: 3, valCount: 1, source: 't' });
const stats = (id: string): DatasetStats => ({
  datasetId: id, count: 4, width: 2, height: 2, channels: 1, classCounts: null, trainClassCounts: null, valClassCounts: null,
  mean: new Float32Array(4), variance: new Float32Array(4),
});

function fakeApi() {
  let list = [summary('mnist-10k')];
  let listener: (e: DatasetJobProgress) => void = () => undefined;
  const api = {
    listDatasets: async () => list,
    setFashionMnistFolder: async () => {
      list = [...list, summary('fashion-mnist')];
      return summary('fashion-mnist');
    },
    getDatasetStats: async ({ datasetId }: { datasetId: string }) => stats(datasetId),
    importDataset: async () => ({ jobId: 'job-1', datasetId: 'mine' }),
    downloadDataset: async () => ({ jobId: 'job-2', datasetId: 'mnist' }),
    cancelDatasetJob: async () => ({ cancelled: true }),
    deleteDataset: async () => ({ deleted: true }),
    onDatasetJobProgress: (l: (e: DatasetJobProgress) => void) => {
      listener = l;
      return () => undefined;
    },
  };
  return { api, emit: (e: DatasetJobProgress) => listener(e), setList: (l: DatasetSummary[]) => (list = l) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('DataCatalog', () => {
  it('lists, selects the first dataset and loads its statistics; filters toggle', async () => {
    const { api } = fakeApi();
    const catalog = new DataCatalog(api as never);
    await catalog.refresh();
    await tick();
    expect(catalog.state).toBe('ready');
    expect(catalog.selectedId).toBe('mnist-10k');
    expect(catalog.stats?.datasetId).toBe('mnist-10k');
    catalog.filter(3);
    expect(catalog.label).toBe(3);
    catalog.filter(3);
    expect(catalog.label).toBeNull();
  });

  it('follows an import to its end, then lists and selects the new dataset', async () => {
    const { api, emit, setList } = fakeApi();
    const catalog = new DataCatalog(api as never);
    catalog.listen();
    await catalog.refresh();
    await catalog.startImport({ path: '/x', name: 'mine' });
    expect(catalog.importJob?.state).toBe('running');
    setList([summary('mnist-10k'), summary('mine')]);
    emit({ kind: 'finished', jobId: 'job-1', datasetId: 'mine', seq: 0, status: 'completed', dataset: summary('mine'), seconds: 1 });
    await tick();
    await tick();
    expect(catalog.importJob?.state).toBe('completed');
    expect(catalog.datasets.map((d) => d.id)).toEqual(['mnist-10k', 'mine']);
    expect(catalog.selectedId).toBe('mine');
  });

  it('lists and browses Fashion-MNIST once its folder is picked', async () => {
    const { api } = fakeApi();
    const catalog = new DataCatalog(api as never);
    await catalog.refresh();
    await catalog.chooseFashionFolder('/data/fashion');
    expect(catalog.datasets.map((d) => d.id)).toEqual(['mnist-10k', 'fashion-mnist']);
    expect(catalog.selectedId).toBe('fashion-mnist');
  });

  it('ends the import and the download in flight with one sentence when the engine restarts', async () => {
    const { api, emit } = fakeApi();
    const catalog = new DataCatalog(api as never);
    catalog.listen();
    await catalog.startImport({ path: '/x', name: 'mine' });
    await catalog.startDownload();
    emit({ kind: 'progress', jobId: 'job-2', datasetId: 'mnist', seq: 0, stage: 'download', done: 5, total: 10 });
    catalog.interruptJobs('restart');
    expect(catalog.importJob?.state).toBe('failed');
    expect(catalog.importJob?.message).toBe('The engine restarted; the import was interrupted — start it again.');
    expect(catalog.downloadJob?.state).toBe('failed');
    expect(catalog.downloadJob?.message).toBe('The engine restarted; the download was interrupted — start it again.');
  });

  it('says what to check when the connection dropped, and leaves a finished job as it ended', async () => {
    const { api, emit } = fakeApi();
    const catalog = new DataCatalog(api as never);
    catalog.listen();
    await catalog.refresh();
    await catalog.startImport({ path: '/x', name: 'mine' });
    emit({ kind: 'finished', jobId: 'job-1', datasetId: 'mine', seq: 0, status: 'completed', dataset: summary('mine'), seconds: 1 });
    await catalog.startDownload();
    catalog.interruptJobs('disconnect');
    expect(catalog.importJob?.state).toBe('completed');
    expect(catalog.downloadJob?.state).toBe('failed');
    expect(catalog.downloadJob?.message).toBe('The connection to the engine dropped; the download was interrupted — start it again if its dataset is not listed.');
  });

  it('keeps the end of a job that failed before its start was answered', async () => {
    const { api, emit } = fakeApi();
    const catalog = new DataCatalog(api as never);
    catalog.listen();
    const startImport = api.importDataset;
    // the engine announces the end while the reply is still on its way
    api.importDataset = async () => {
      emit({ kind: 'finished', jobId: 'job-9', datasetId: 'bad', seq: 0, status: 'failed', message: '/x/bad.npy: is not an NPY file', dataset: null, seconds: 0 });
      return { jobId: 'job-9', datasetId: 'bad' };
    };
    await catalog.startImport({ path: '/x/bad.npy', name: 'bad' });
    expect(catalog.importJob?.state).toBe('failed');
    expect(catalog.importJob?.message).toBe('/x/bad.npy: is not an NPY file');
    // and only once: a later job with another id starts clean
    api.importDataset = startImport;
    await catalog.startImport({ path: '/x', name: 'mine' });
    expect(catalog.importJob?.state).toBe('running');
  });
});
