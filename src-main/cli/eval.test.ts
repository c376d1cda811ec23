// `latent eval --anomaly` and `--probe`, run as a user would on the built command (`npm test`
// builds first).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { npyBytes } from '../engine/data/importers/import-fixtures';

const home = mkdtempSync(join(tmpdir(), 'latent-eval-'));
const bin = resolve('bin/latent.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, LATENT_HOME: home }, encoding: 'utf8', cwd: home });
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

/** Trains `model` on 500 ones for one epoch (batches of 32) and returns the run's id. */
function trainOnOnes(model: string): { runId: string; dir: string } {
  const r = run('train', '--model', model, '--classes', '1', '--epochs', '1', '--batch', '32', '--max-train-samples', '500', '--json');
  expect(r.status).toBe(0);
  return lastJson(r.stdout);
}

/** CSV rows as objects of strings. */
function readCsv(path: string): { header: string; rows: Array<Record<string, string>> } {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return { header: header!, rows: lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v]))) };
}

/** A copy of a run's run.json under a new id (no checkpoint), changed by `edit`. */
function fakeRun(from: string, id: string, edit: (record: { id: string; config: Record<string, unknown> }) => void): void {
  const record = JSON.parse(readFileSync(join(home, 'runs', from, 'run.json'), 'utf8'));
  record.id = id;
  edit(record);
  mkdirSync(join(home, 'runs', id, 'checkpoints'), { recursive: true });
  writeFileSync(join(home, 'runs', id, 'run.json'), JSON.stringify(record));
}

let ones: { runId: string; dir: string };

beforeAll(() => {
  ones = trainOnOnes('dense-ae');
  fakeRun(ones.runId, 'no-checkpoint', () => {});
  fakeRun(ones.runId, 'every-class', (record) => delete record.config['classes']);
});

describe('latent eval --anomaly', () => {
  it('--json ends with auroc, averagePrecision and the CSV of scores, worst first, in the run folder', () => {
    const r = run('eval', ones.runId, '--anomaly', '--json');
    expect(r.status).toBe(0);
    // stdout holds JSON only; progress went to stderr
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Scoring 2000 samples of the val split of mnist-10k/);
    const result = lastJson(r.stdout);
    expect(Object.keys(result).slice(0, 3)).toEqual(['auroc', 'averagePrecision', 'scores']);
    expect(result).toMatchObject({ normal: [1], score: 'bce', split: 'val', dataset: 'mnist-10k', count: 2000 });
    console.log(`latent eval: one-class dense-ae (500 ones, 1 epoch) AUROC ${result.auroc.toFixed(4)}, AP ${result.averagePrecision.toFixed(4)}, ${result.samplesPerSecond} samples/s`);
    expect(result.auroc).toBeGreaterThan(0.7);
    expect(result.auroc).toBeLessThanOrEqual(1);
    expect(result.averagePrecision).toBeGreaterThan(0.5);
    expect(result.scores).toBe(join(ones.dir, 'eval', 'anomaly-val.csv'));
    const { header, rows } = readCsv(result.scores);
    expect(header).toBe('index,label,bce,mse,anomalous');
    expect(rows).toHaveLength(2000);
    expect(rows.every((row) => row['anomalous'] === (row['label'] === '1' ? '0' : '1'))).toBe(true);
    expect(rows.every((row) => Number(row['index']) % 5 === 0)).toBe(true);
    const bce = rows.map((row) => Number(row['bce']));
    expect(bce.every((value, i) => i === 0 || value <= bce[i - 1]!)).toBe(true);
    expect(result.normalCount).toBe(rows.filter((row) => row['label'] === '1').length);
    // the atomic write leaves no temporary file beside it
    expect(readdirSync(join(ones.dir, 'eval'))).toEqual(['anomaly-val.csv']);
  });

  it('honours --normal, --score, --split and --out', () => {
    const r = run('eval', ones.runId, '--anomaly', '--normal', '1,7', '--score', 'mse', '--split', 'all', '--out', 'scores/ones.csv', '--json');
    expect(r.status).toBe(0);
    const result = lastJson(r.stdout);
    expect(result).toMatchObject({ normal: [1, 7], score: 'mse', split: 'all', count: 10000, scores: join(home, 'scores', 'ones.csv') });
    const { rows } = readCsv(result.scores);
    expect(rows).toHaveLength(10000);
    expect(rows.filter((row) => row['anomalous'] === '0').every((row) => row['label'] === '1' || row['label'] === '7')).toBe(true);
    const mse = rows.map((row) => Number(row['mse']));
    expect(mse.every((value, i) => i === 0 || value <= mse[i - 1]!)).toBe(true);
  });

  it('--sweep prints each class as the normal one, and a table without --json', () => {
    const json = run('eval', ones.runId, '--anomaly', '--sweep', '--json');
    expect(json.status).toBe(0);
    const { sweep } = lastJson(json.stdout);
    expect(sweep.map((row: { normal: number[] }) => row.normal)).toEqual([[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]]);
    const single = lastJson(run('eval', ones.runId, '--anomaly', '--json').stdout);
    expect(sweep[1].auroc).toBe(single.auroc);
    // the digit the model was trained on stands out from the rest
    expect(Math.max(...sweep.map((row: { auroc: number }) => row.auroc))).toBe(single.auroc);
    const text = run('eval', ones.runId, '--anomaly', '--sweep');
    expect(text.status).toBe(0);
    expect(text.stdout.trim().split('\n')).toHaveLength(11);
    expect(text.stdout).toMatch(/^normal\s+AUROC/);
  });

  it('ranks a VAE by its negative ELBO and adds it to the CSV', () => {
    const vae = trainOnOnes('vae');
    const r = run('eval', vae.runId, '--anomaly', '--json');
    expect(r.status).toBe(0);
    const result = lastJson(r.stdout);
    console.log(`latent eval: one-class vae AUROC (negative ELBO) ${result.auroc.toFixed(4)}, ${result.samplesPerSecond} samples/s`);
    expect(result.score).toBe('elbo');
    expect(result.auroc).toBeGreaterThan(0.7);
    const { header, rows } = readCsv(result.scores);
    expect(header).toBe('index,label,bce,mse,neg_elbo,anomalous');
    const elbo = rows.map((row) => Number(row['neg_elbo']));
    expect(elbo.every((value, i) => i === 0 || value <= elbo[i - 1]!)).toBe(true);
  });

  it.each([
    [['eval', '--anomaly'], /eval needs the run id/],
    [['eval', 'RUN'], /eval needs --anomaly/],
    [['eval', 'RUN', '--anomaly', '--split', 'test'], /--split must be train, val or all, not "test"/],
    [['eval', 'RUN', '--anomaly', '--score', 'psnr'], /--score must be bce, mse or elbo, not "psnr"/],
    [['eval', 'RUN', '--anomaly', '--score', 'elbo'], /--score elbo needs a VAE; run \S+ is a dense-ae/],
    [['eval', 'RUN', '--anomaly', '--normal', '1,x'], /--normal takes labels 0..255 separated by commas/],
    [['eval', 'RUN', '--anomaly', '--normal', '12'], /No sample of the val split of mnist-10k has a normal label \[12\]/],
    [['eval', 'RUN', '--anomaly', '--normal', '0,1,2,3,4,5,6,7,8,9'], /so there is no anomaly to find/],
    [['eval', 'RUN', '--anomaly', '--dataset', 'cifar'], /No dataset "cifar"/],
    [['eval', 'RUN', '--anomaly', '--dataset', 'fashion-mnist'], /trained on mnist-10k, not fashion-mnist: name the normal classes with --normal/],
    [['eval', 'RUN', 'extra', '--anomaly'], /Unexpected argument "extra"/],
    [['eval', 'no-such-run', '--anomaly'], /no readable run no-such-run/],
    [['eval', 'no-checkpoint', '--anomaly'], /Run no-checkpoint has no checkpoint yet/],
    [['eval', 'every-class', '--anomaly'], /Run every-class was trained on every class: name the normal classes with --normal/],
  ])('%j exits 2 with one clear sentence, no stack trace', (args, message) => {
    const r = run(...args.map((arg) => (arg === 'RUN' ? ones.runId : arg)));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('latent eval --probe', () => {
  const METHODS = ['latent-linear', 'latent-mlp', 'pixels-linear', 'pixels-mlp', 'scratch', 'latent-knn'];

  beforeAll(() => {
    // a GAN (no encoder) and a run on a dataset without labels, both as small as can be
    expect(run('train', '--model', 'dcgan', '--epochs', '1', '--batch', '32', '--max-train-samples', '200', '--json').status).toBe(0);
    writeFileSync(join(home, 'blobs.npy'), npyBytes('|u1', [60, 8, 8], Uint8Array.from({ length: 60 * 64 }, (_, i) => (i * 37) % 256)));
    expect(run('import', join(home, 'blobs.npy'), '--name', 'blobs', '--json').status).toBe(0);
    expect(run('train', '--model', 'dense-ae', '--dataset', 'blobs', '--epochs', '1', '--batch', '16', '--json').status).toBe(0);
  }, 120_000);

  /** The id of the run trained with `model` on `dataset`. */
  const runOf = (model: string, dataset = 'mnist-10k'): string =>
    readdirSync(join(home, 'runs')).find((id) => {
      const { config } = JSON.parse(readFileSync(join(home, 'runs', id, 'run.json'), 'utf8'));
      return config.model === model && config.datasetId === dataset;
    })!;

  it('--json ends with each classifier\'s validation accuracy at the label budget, the best one and the verdict', () => {
    const r = run('eval', ones.runId, '--probe', '--labels', '20', '--json');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Probing run \S+ \(dense-ae\) with 20 labels of mnist-10k: 6 classifiers, each scored on 2000 validation images/);
    // a progress line per classifier, in the order they train
    expect([...r.stderr.matchAll(/^([a-z-]+): validation accuracy /gm)].map((m) => m[1])).toEqual(METHODS);
    const result = lastJson(r.stdout);
    expect(Object.keys(result).slice(0, 5)).toEqual(['labels', 'accuracy', 'best', 'beatsPixels', 'runId']);
    expect(result).toMatchObject({ labels: 20, runId: ones.runId, dataset: 'mnist-10k', valCount: 2000, classes: 10 });
    expect(Object.keys(result.accuracy)).toEqual(METHODS);
    const accuracy = result.accuracy as Record<string, number>;
    console.log(`latent eval --probe: dense-ae trained on 500 ones for 1 epoch, 20 labels: ${JSON.stringify(accuracy)}`);
    for (const value of Object.values(accuracy)) expect(value).toBeGreaterThanOrEqual(0), expect(value).toBeLessThanOrEqual(1);
    // raw pixels with 2 labels per digit beat chance (0.1) clearly
    expect(accuracy['pixels-linear']).toBeGreaterThan(0.3);
    expect(accuracy[result.best]).toBe(Math.max(...Object.values(accuracy)));
    expect(result.beatsPixels).toBe(accuracy['latent-linear']! > accuracy['pixels-linear']! && accuracy['latent-mlp']! > accuracy['pixels-mlp']!);
    // the same budget and seed give the same figures, in a table without --json
    const text = run('eval', ones.runId, '--probe', '--labels', '20');
    expect(text.status).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^classifier\s+validation accuracy \(20 labels\)$/);
    expect(lines[1]).toMatch(new RegExp(`^latent, linear\\s+${accuracy['latent-linear']!.toFixed(4)}`));
    expect(lines[7]).toMatch(/^the code (does not )?beat/);
  }, 180_000);

  it.each([
    [['eval', 'RUN', '--probe', '--anomaly'], /--anomaly and --probe are two evaluations: run eval once with each/],
    [['eval', 'RUN', '--probe', '--labels', '0'], /--labels must be a whole number from 1 to 70000 or "all", not "0"/],
    [['eval', 'RUN', '--probe', '--labels', 'ten'], /--labels must be a whole number from 1 to 70000 or "all", not "ten"/],
    [['eval', 'RUN', '--anomaly', '--labels', '10'], /--labels sets the label budget of --probe; add --probe or drop --labels/],
    [['eval', 'RUN', '--probe', '--normal', '1'], /--normal belongs to --anomaly; --probe always measures on the run's own validation split/],
    [['eval', 'GAN', '--probe'], /A dcgan run has no encoder, so there is no code to classify; pick an autoencoder, VAE or AAE run/],
    [['eval', 'UNLABELLED', '--probe'], /dataset \(blobs\) has no labels, so there is nothing to classify/],
    [['eval', 'no-checkpoint', '--probe'], /Run no-checkpoint has no checkpoint yet/],
  ])('%j exits 2 with one clear sentence, no stack trace', (args, message) => {
    const ids: Record<string, string> = { RUN: ones.runId, GAN: runOf('dcgan'), UNLABELLED: runOf('dense-ae', 'blobs') };
    const r = run(...args.map((arg) => ids[arg] ?? arg));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
