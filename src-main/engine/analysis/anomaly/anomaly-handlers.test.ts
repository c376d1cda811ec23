// The anomaly requests through the engine, each request and reply checked by the contract: a
// one-epoch dense autoencoder trained on ones is scored on the validation split with
// progress, evaluated, swept, exported; a scoring can be cancelled; bad requests say why.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnomalyProgress, MethodName, MethodParams, MethodResult, TrainingProgress } from '../../../protocol';
import { AnomalyProgress as AnomalyProgressSchema, checkRequest, methods } from '../../../protocol';
import { evalCommand } from '../../../cli/eval';
import { selectBackend } from '../../backend';
import { Engine } from '../../engine';
import { evaluateAnomalies } from './evaluation';
import { auroc } from './metrics';

let engine: Engine;
let dataDir: string;
const training: TrainingProgress[] = [];
const events: AnomalyProgress[] = [];
let runId: string;

/** A request validated as the transports validate it, its reply checked against the contract. */
async function call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
  const checked = checkRequest({ type: 'request', id: 1, method, params });
  if (!checked.ok) throw new Error(checked.error.message);
  return methods[method].result.parse(await engine.handle(checked.value)) as MethodResult<M>;
}

function finished(jobId: string): Promise<Extract<AnomalyProgress, { kind: 'finished' }>> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const end = events.find((e) => e.jobId === jobId && e.kind === 'finished');
      if (end?.kind === 'finished') {
        clearInterval(timer);
        resolve(end);
      }
    }, 5);
  });
}

beforeAll(async () => {
  const backend = await selectBackend({ preferred: 'wasm' });
  dataDir = await mkdtemp(join(tmpdir(), 'latent-anomaly-handlers-'));
  engine = new Engine({
    backend,
    dataDir,
    emit: (event, payload) => {
      if (event === 'trainingProgress') training.push(payload as TrainingProgress);
      // every event must pass the contract, as the transports check it
      if (event === 'anomalyProgress') events.push(AnomalyProgressSchema.parse(payload));
    },
  });
  ({ runId } = await call('startTraining', { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 1, batchSize: 32, classes: [1], maxTrainSamples: 500 }));
  await engine.idle();
  expect(training.at(-1)).toMatchObject({ kind: 'finished', status: 'completed' });
}, 120_000);

describe('anomaly requests', () => {
  it('scores a split with progress, then evaluates, sweeps and exports it', async () => {
    const started = await call('startScoring', { runId, split: 'val' });
    expect(started).toMatchObject({ datasetId: 'mnist-10k', count: 2000 });
    expect(await finished(started.jobId)).toMatchObject({ status: 'completed' });
    const progress = events.filter((e) => e.jobId === started.jobId && e.kind === 'progress');
    expect(progress.at(-1)).toMatchObject({ done: 2000, total: 2000 });
    expect(progress.map((e) => e.seq)).toEqual([...progress.map((e) => e.seq)].sort((a, b) => a - b));

    const scores = await call('getScores', { jobId: started.jobId });
    expect(scores).toMatchObject({ runId, split: 'val', count: 2000, negElbo: null, defaultScore: 'bce' });
    expect(scores.labels).not.toBeNull();
    // validation positions: every fifth image
    expect(Array.from(scores.indices.subarray(0, 3))).toEqual([0, 5, 10]);

    const curves = await call('evaluateScores', { jobId: started.jobId, normal: [1], score: 'bce' });
    const targets = Uint8Array.from(scores.labels!, (l) => (l === 1 ? 0 : 1));
    expect(curves.auroc).toBeCloseTo(auroc(scores.bce, targets), 12);
    // trained on ones only, the rest reconstructs worse
    expect(curves.auroc).toBeGreaterThan(0.6);
    expect(curves.normalCount + curves.anomalousCount).toBe(2000);
    expect(curves.roc.fpr.length).toBeLessThanOrEqual(1001);
    expect([curves.roc.fpr[0], curves.roc.tpr[0], curves.roc.fpr.at(-1), curves.roc.tpr.at(-1)]).toEqual([0, 0, 1, 1]);
    expect(curves.pr.precision[0]).toBe(1);

    const sweep = await call('startSweep', { jobId: started.jobId, score: 'mse' });
    expect(sweep.classes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await finished(sweep.jobId)).toMatchObject({ status: 'completed' });
    const rows = events.filter((e) => e.jobId === sweep.jobId && e.kind === 'sweep-row').map((e) => (e.kind === 'sweep-row' ? e.row : null)!);
    expect(rows.map((r) => r.normal[0])).toEqual(sweep.classes);
    const fullScores = { datasetId: scores.datasetId, split: scores.split, indices: scores.indices, labels: scores.labels, bce: scores.bce, mse: scores.mse, negElbo: null };
    expect(rows[3]!.auroc).toBeCloseTo(evaluateAnomalies(fullScores, [3], 'mse').auroc, 12);

    const exported = await call('exportScores', { jobId: started.jobId, score: 'bce', normal: [0, 1] });
    expect(exported.path).toBe(join(dataDir, 'runs', runId, 'eval', 'anomaly-val.csv'));
    expect(exported.fileName).toBe(`${runId}-anomaly-val.csv`);
    expect(await readFile(exported.path, 'utf8')).toBe(exported.csv);
    const lines = exported.csv.trim().split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines[0]).toBe('index,label,bce,mse,anomalous');
    const worst = Math.max(...scores.bce);
    expect(Number(lines[1]!.split(',')[2])).toBeCloseTo(worst, 6);
  }, 120_000);

  it('cancels a scoring, and says why it cannot score, evaluate or sweep', async () => {
    const started = await call('startScoring', { runId, split: 'all' });
    await expect(call('cancelAnomalyJob', { jobId: started.jobId })).resolves.toEqual({ cancelled: true });
    expect(await finished(started.jobId)).toMatchObject({ status: 'cancelled', message: 'Cancelled.' });
    await expect(call('cancelAnomalyJob', { jobId: started.jobId })).resolves.toEqual({ cancelled: false });
    await expect(call('getScores', { jobId: started.jobId })).rejects.toThrow(/is gone/);

    const val = await call('startScoring', { runId });
    await finished(val.jobId);
    await expect(call('evaluateScores', { jobId: val.jobId, normal: [42], score: 'bce' })).rejects.toThrow('No sample of the val split of mnist-10k has a normal label [42].');
    await expect(call('evaluateScores', { jobId: val.jobId, normal: [0], score: 'elbo' })).rejects.toThrow(/Only a VAE has an ELBO/);
    // repeated normal classes never reach the engine
    expect(checkRequest({ type: 'request', id: 1, method: 'evaluateScores', params: { jobId: val.jobId, normal: [1, 1], score: 'bce' } }).ok).toBe(false);
    await expect(call('startScoring', { runId: 'no-such-run' })).rejects.toThrow();
  }, 120_000);

  it('agrees with `latent eval` on the same run: AUROC, average precision and the CSV', async () => {
    const started = await call('startScoring', { runId, split: 'val' });
    await finished(started.jobId);
    const curves = await call('evaluateScores', { jobId: started.jobId, normal: [1], score: 'bce' });
    const exported = await call('exportScores', { jobId: started.jobId, score: 'bce', normal: [1] });

    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    const silent = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const home = process.env.LATENT_HOME;
    process.env.LATENT_HOME = dataDir;
    try {
      const out = join(dataDir, 'cli-scores.csv');
      expect(await evalCommand({ json: true, runId, anomaly: true, sweep: false, runs: join(dataDir, 'runs'), out })).toBe(0);
      const line = JSON.parse(printed.join('').trim().split('\n').at(-1)!);
      expect(line).toMatchObject({ auroc: curves.auroc, averagePrecision: curves.averagePrecision, normal: [1], score: 'bce' });
      expect(await readFile(out, 'utf8')).toBe(exported.csv);
    } finally {
      write.mockRestore();
      silent.mockRestore();
      if (home === undefined) delete process.env.LATENT_HOME;
      else process.env.LATENT_HOME = home;
    }
  }, 120_000);
});
