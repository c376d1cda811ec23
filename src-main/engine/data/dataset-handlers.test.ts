// The Data view's requests end to end in the engine: an import through the handler streams
// valid events, then the new dataset pages and summarises with replies the contract accepts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { methods } from '../../protocol';
import { DatasetJobProgress } from '../../protocol/datasets';
import type { EngineContext } from '../engine-context';
import { datasetHandlers } from './dataset-handlers';
import { writeIdx } from './idx';
import { DatasetRegistry } from './registry';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('dataset handlers', () => {
  it('imports through a job, then pages, summarises and deletes the dataset', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'latent-handlers-'));
    made.push(dataDir);
    const path = join(dataDir, 'imgs');
    await writeFile(path, writeIdx({ dtype: 'uint8', shape: [20, 5, 5], data: Uint8Array.from({ length: 500 }, (_, i) => i % 256) }));
    const events: DatasetJobProgress[] = [];
    let finished: (e: DatasetJobProgress) => void = () => undefined;
    const done = new Promise<DatasetJobProgress>((resolve) => (finished = resolve));
    const context = {
      dataDir,
      datasets: new DatasetRegistry(dataDir),
      emit: (name: string, payload: unknown) => {
        const event = DatasetJobProgress.parse(payload);
        expect(name).toBe('datasetJobProgress');
        events.push(event);
        if (event.kind === 'finished') finished(event);
      },
    } as unknown as EngineContext;
    const handlers = datasetHandlers(context);

    const started = methods.importDataset.result.parse(await handlers.importDataset(methods.importDataset.params.parse({ path, name: 'Twenty' })));
    expect(started.datasetId).toBe('twenty');
    expect(await done).toMatchObject({ status: 'completed', dataset: { id: 'twenty', count: 20, trainCount: 18, valCount: 2 } });
    expect(events.some((e) => e.kind === 'progress' && e.done === 20 && e.total === 20)).toBe(true);
    await expect(handlers.importDataset(methods.importDataset.params.parse({ path, name: 'twenty' }))).rejects.toThrow('A dataset "twenty" exists already');

    const page = methods.getDatasetPage.result.parse(await handlers.getDatasetPage(methods.getDatasetPage.params.parse({ datasetId: 'twenty', offset: 15, limit: 10 })));
    expect(page).toMatchObject({ total: 20, count: 5, labels: null });
    expect(page.images[0]).toBe((15 * 25) % 256);
    const stats = methods.getDatasetStats.result.parse(await handlers.getDatasetStats({ datasetId: 'twenty' }));
    expect(stats.classCounts).toBeNull();
    await expect(handlers.deleteDataset({ datasetId: 'mnist-10k' })).rejects.toThrow('mnist-10k is built in');
    expect(await handlers.deleteDataset({ datasetId: 'twenty' })).toEqual({ deleted: true });
    expect((await context.datasets.list()).map((d) => d.id)).not.toContain('twenty');
  });
});
