import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../protocol';
import { TrainingConfig } from '../../protocol';
import { effectiveStatus } from './run-record';
import { RunRecorder } from './run-recorder';
import { RunStore } from './run-store';

const dataset = { id: 'mnist-10k', name: 'MNIST', count: 10, width: 28, height: 28, channels: 1, trainCount: 8, valCount: 2, source: 'test' };
const config = TrainingConfig.parse({ datasetId: 'mnist-10k', model: 'dense-ae', epochs: 2 });
const events = (runId: string): TrainingProgress[] => [
  { kind: 'started', runId, seq: 1, config, trainCount: 8, valCount: 2, batchesPerEpoch: 1, backend: 'wasm', metricNames: ['loss'], startEpoch: 0 },
  { kind: 'batch', runId, seq: 2, epoch: 1, batch: 1, batchesPerEpoch: 1, epochs: 2, step: 1, loss: 0.6, metrics: { loss: 0.6 }, samplesPerSec: 10, etaSec: 1 },
  { kind: 'epoch', runId, seq: 3, epoch: 1, epochs: 2, step: 1, trainLoss: 0.6, valLoss: 0.5, trainMetrics: { loss: 0.6 }, valMetrics: { loss: 0.5 }, seconds: 1 },
  { kind: 'epoch', runId, seq: 4, epoch: 2, epochs: 2, step: 2, trainLoss: 0.5, valLoss: 0.55, trainMetrics: { loss: 0.5 }, valMetrics: { loss: 0.55 }, seconds: 1 },
  { kind: 'finished', runId, seq: 5, status: 'completed', epochsDone: 2, valLoss: 0.55 },
];

async function recorded(runId: string, upTo = 5): Promise<RunStore> {
  const store = new RunStore(await mkdtemp(join(tmpdir(), 'latent-runs-')));
  const recorder = new RunRecorder(store, dataset, 'wasm');
  events(runId).slice(0, upTo).forEach((e) => recorder.observe(e));
  await recorder.flush();
  return store;
}

describe('run folders', () => {
  it('records a run: run.json with status, last and best validation loss; metrics.jsonl lines', async () => {
    const store = await recorded('run-a');
    const record = await store.read('run-a');
    expect(record).toMatchObject({ status: 'completed', epochsDone: 2, valLoss: 0.55, best: { epoch: 1, valLoss: 0.5 }, config: { model: 'dense-ae' } });
    const metrics = await store.readMetrics('run-a');
    expect(metrics.map((m) => (m as { kind: string }).kind)).toEqual(['batch', 'epoch', 'epoch']);
  });

  it('shows a run whose process died as interrupted', async () => {
    const store = await recorded('run-b', 3);
    const record = await store.read('run-b');
    expect(record.status).toBe('running');
    expect(effectiveStatus(record)).toBe('running'); // this process is alive
    expect(effectiveStatus(record, () => false)).toBe('interrupted');
  });

  it('lists runs newest first, reporting unreadable folders instead of failing', async () => {
    const store = await recorded('run-c');
    await mkdir(join(store.root, 'junk'));
    await writeFile(join(store.root, 'junk', 'run.json'), '{"format": 1, "id": 3');
    const { runs, unreadable } = await store.list();
    expect(runs.map((r) => r.id)).toEqual(['run-c']);
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]!.dir).toContain('junk');
  });

  it('skips a metrics line cut short by a crash', async () => {
    const store = await recorded('run-d');
    const file = join(store.dirOf('run-d'), 'metrics.jsonl');
    await writeFile(file, (await readFile(file, 'utf8')) + '{"kind":"batch","ep');
    expect(await store.readMetrics('run-d')).toHaveLength(3);
  });

  it('keeps training when the folder cannot be written, and says so at flush', async () => {
    // a file where the runs folder should be: every write fails with ENOTDIR
    const blocker = join(await mkdtemp(join(tmpdir(), 'latent-runs-')), 'file');
    await writeFile(blocker, '');
    const store = new RunStore(join(blocker, 'runs'));
    const recorder = new RunRecorder(store, dataset, 'wasm');
    events('run-e').forEach((e) => recorder.observe(e));
    await expect(recorder.flush()).rejects.toThrow();
  });
});
