/** Requests of the Data view: pages, statistics, imports, the MNIST download, deletion. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkbenchError } from '../../protocol';
import type { datasetMethods } from '../../protocol/datasets';
import type { AreaHandlers, EngineContext } from '../engine-context';
import { datasetPage, datasetStats } from './browse';
import { DatasetJobs } from './dataset-jobs';
import { chooseFashionMnistDir, FASHION_MNIST_ID } from './fashion-mnist';
import { datasetIdFor, importsDir, listImported, runImport } from './imported';
import { downloadMnist, MNIST_ID } from './mnist-download';
import { BUILT_IN_DATASET_IDS } from './registry';

export function datasetHandlers(context: EngineContext): AreaHandlers<keyof typeof datasetMethods> {
  const jobs = new DatasetJobs(context.emit);
  const { datasets, dataDir } = context;
  return {
    importDataset: async (request) => {
      const id = datasetIdFor(request.name);
      if (id === '') throw new WorkbenchError('bad-request', `The name "${request.name}" has no letters or digits; choose a name such as "my-digits".`);
      const taken = new Set([...BUILT_IN_DATASET_IDS, ...(await listImported(dataDir)).map((d) => d.id)]);
      if (taken.has(id)) throw new WorkbenchError('bad-request', `A dataset "${id}" exists already; choose another name.`);
      return jobs.start(id, (signal, progress) => runImport(dataDir, request, taken, signal, progress));
    },
    downloadDataset: async (request) =>
      jobs.start(MNIST_ID, async (signal, progress) => {
        const summary = await downloadMnist(dataDir, { baseUrl: request.baseUrl, signal, progress });
        datasets.forget(MNIST_ID);
        return summary;
      }),
    cancelDatasetJob: async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    getDatasetPage: async ({ datasetId, label, offset, limit }) => datasetPage(await datasets.open(datasetId), label, offset, limit),
    getDatasetStats: async ({ datasetId }) => datasetStats(await datasets.open(datasetId)),
    setFashionMnistFolder: async ({ path }) => {
      const summary = await chooseFashionMnistDir(dataDir, path);
      datasets.forget(FASHION_MNIST_ID);
      return summary;
    },
    deleteDataset: async ({ datasetId }) => {
      if (BUILT_IN_DATASET_IDS.has(datasetId)) throw new WorkbenchError('bad-request', `${datasetId} is built in; only imported datasets can be deleted.`);
      if (!(await listImported(dataDir)).some((d) => d.id === datasetId)) return { deleted: false };
      datasets.forget(datasetId);
      await rm(join(importsDir(dataDir), datasetId), { recursive: true, force: true });
      return { deleted: true };
    },
  };
}
