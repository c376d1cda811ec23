import { describe, expect, it } from 'vitest';
import { DatasetJob } from './dataset-job.svelte';

describe('DatasetJob', () => {
  it('follows its own progress events to the end, ignoring other jobs', () => {
    const job = new DatasetJob('job-1', 'mnist');
    job.apply({ kind: 'progress', jobId: 'job-2', datasetId: 'x', seq: 0, stage: 'read', done: 5, total: 10 });
    expect(job.total).toBe(0);
    job.apply({ kind: 'progress', jobId: 'job-1', datasetId: 'mnist', seq: 0, stage: 'download', done: 25, total: 100, file: 'train-images-idx3-ubyte.gz' });
    expect(job.fraction).toBe(0.25);
    expect(job.label).toBe('Downloading train-images-idx3-ubyte.gz');
    job.apply({ kind: 'finished', jobId: 'job-1', datasetId: 'mnist', seq: 1, status: 'failed', message: 'x: corrupt', dataset: null, seconds: 1 });
    expect(job.state).toBe('failed');
    expect(job.message).toBe('x: corrupt');
  });
});
