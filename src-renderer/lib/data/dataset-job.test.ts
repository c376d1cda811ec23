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

describe('an interrupted DatasetJob', () => {
  const progress = (done: number) => ({ kind: 'progress', jobId: 'job-1', datasetId: 'mine', seq: done, stage: 'convert', done, total: 10 }) as const;

  it('ends a running job with the reason, and leaves an ended one as it ended', () => {
    const running = new DatasetJob('job-1', 'mine');
    running.apply(progress(3));
    running.interrupt('The engine restarted; the import was interrupted — start it again.');
    expect(running.state).toBe('failed');
    expect(running.message).toBe('The engine restarted; the import was interrupted — start it again.');
    const cancelled = new DatasetJob('job-1', 'mine');
    cancelled.apply({ kind: 'finished', jobId: 'job-1', datasetId: 'mine', seq: 1, status: 'cancelled', dataset: null, seconds: 1 });
    cancelled.interrupt('The engine restarted; the import was interrupted — start it again.');
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.message).toBeNull();
  });

  it('runs again when its own progress arrives after all (the connection came back, the engine kept at it)', () => {
    const job = new DatasetJob('job-1', 'mine');
    job.interrupt('dropped');
    job.apply(progress(7));
    expect(job.state).toBe('running');
    expect(job.message).toBeNull();
    expect(job.done).toBe(7);
  });
});
