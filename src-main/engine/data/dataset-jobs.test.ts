import { describe, expect, it } from 'vitest';
import { DatasetJobProgress } from '../../protocol/datasets';
import type { DatasetSummary } from '../../protocol';
import { DatasetJobs } from './dataset-jobs';
import { ImportCancelled } from './importers/import-common';

const summary: DatasetSummary = { id: 'x', name: 'X', count: 1, width: 1, height: 1, channels: 1, trainCount: 1, valCount: 0, source: 't' };

function collect(): { jobs: DatasetJobs; events: DatasetJobProgress[]; finished: Promise<DatasetJobProgress> } {
  const events: DatasetJobProgress[] = [];
  let resolve: (e: DatasetJobProgress) => void = () => undefined;
  const finished = new Promise<DatasetJobProgress>((r) => (resolve = r));
  const jobs = new DatasetJobs((name, payload) => {
    expect(name).toBe('datasetJobProgress');
    const event = DatasetJobProgress.parse(payload);
    events.push(event);
    if (event.kind === 'finished') resolve(event);
  });
  return { jobs, events, finished };
}

describe('dataset jobs', () => {
  it('streams valid progress, then one finished event with the dataset', async () => {
    const { jobs, events, finished } = collect();
    const { jobId } = jobs.start('x', async (_, progress) => {
      for (let i = 1; i <= 3; i++) progress('read', i, 3, '/tmp/f');
      return summary;
    });
    expect(await finished).toMatchObject({ jobId, status: 'completed', dataset: summary });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    // throttled, but the last of a stage always arrives
    expect(events.filter((e) => e.kind === 'progress').at(-1)).toMatchObject({ done: 3, total: 3 });
  });

  it('refuses a second job for the same id, and cancels', async () => {
    const { jobs, finished } = collect();
    const { jobId } = jobs.start('x', (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new ImportCancelled()))));
    expect(() => jobs.start('x', async () => summary)).toThrow('"x" is being imported or downloaded already');
    expect(jobs.cancel(jobId)).toBe(true);
    expect(await finished).toMatchObject({ status: 'cancelled', dataset: null });
    expect(jobs.cancel(jobId)).toBe(false);
  });

  it('reports a failure with its one-sentence message', async () => {
    const { jobs, finished } = collect();
    jobs.start('x', async () => {
      throw new Error('/tmp/f: is truncated');
    });
    expect(await finished).toMatchObject({ status: 'failed', message: '/tmp/f: is truncated' });
  });
});
