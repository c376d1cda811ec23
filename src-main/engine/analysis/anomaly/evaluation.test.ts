// Evaluating scored samples (normal classes, sweep) and writing them as CSV, on small
// hand-made scores.
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anomalySweep, defaultScore, evaluateAnomalies, scoreValues } from './evaluation';
import { anomalyCsv, defaultCsvPath, writeAnomalyCsv } from './scores-csv';
import type { AnomalyScores } from './scoring';

/** Five samples; label 1 is reconstructed best by bce, the ELBO ranks sample 25 worst. */
function scores(overrides: Partial<AnomalyScores> = {}): AnomalyScores {
  return {
    datasetId: 'digits',
    split: 'val',
    indices: Int32Array.from([0, 5, 10, 15, 20, 25]),
    labels: Uint8Array.from([1, 0, 1, 2, 0, 2]),
    bce: Float32Array.from([0.1, 0.5, 0.2, 0.4, 0.5, 0.3]),
    mse: Float32Array.from([0.01, 0.02, 0.03, 0.04, 0.05, 0.06]),
    negElbo: Float32Array.from([90, 120, 95, 110, 100, 130]),
    ...overrides,
  };
}

describe('anomaly evaluation', () => {
  it('takes the named classes as normal and every other label as anomalous', () => {
    const result = evaluateAnomalies(scores(), [1], 'bce');
    expect(result).toMatchObject({ normal: [1], score: 'bce', normalCount: 2, anomalousCount: 4, auroc: 1, averagePrecision: 1 });
    expect(Array.from(result.roc.tpr)).toEqual([0, 0.5, 0.75, 1, 1, 1]);
    // normal [1, 2] -> anomalous are the zeros, scored 0.5 and 0.5: both top the ranking
    expect(evaluateAnomalies(scores(), [1, 2], 'bce').auroc).toBe(1);
    // by mse the zeros (0.02, 0.05) against the rest (0.01, 0.03, 0.04, 0.06): 1 + 3 wins of 8
    expect(evaluateAnomalies(scores(), [1, 2], 'mse').auroc).toBe(4 / 8);
  });

  it('sweeps every label as the normal one', () => {
    const sweep = anomalySweep(scores(), 'elbo');
    expect(sweep.map((row) => row.normal)).toEqual([[0], [1], [2]]);
    expect(sweep[1]).toMatchObject({ normalCount: 2, anomalousCount: 4, auroc: 1 });
    // twos (110, 130) against (90, 120, 95, 100): 3 + 4 wins of 8
    expect(sweep[2]!.auroc).toBe(1 - 7 / 8);
  });

  it('explains what it cannot do', () => {
    expect(() => evaluateAnomalies(scores({ labels: null }), [1], 'bce')).toThrow('There are no labels in the val split of digits, so normal and anomalous samples cannot be told apart.');
    expect(() => anomalySweep(scores({ labels: null, split: 'all' }), 'bce')).toThrow('There are no labels in the whole of digits, so there are no classes to sweep.');
    expect(() => anomalySweep(scores({ labels: new Uint8Array(6).fill(3) }), 'bce')).toThrow('A sweep needs two labels or more; the val split of digits has only label 3.');
    expect(() => scoreValues(scores({ negElbo: null }), 'elbo')).toThrow(/Only a VAE has an ELBO/);
    expect(defaultScore(scores())).toBe('elbo');
    expect(defaultScore(scores({ negElbo: null }))).toBe('bce');
  });
});

describe('anomaly scores as CSV', () => {
  it('lists samples worst first (ties by index) with the anomalous flag', () => {
    expect(anomalyCsv(scores({ negElbo: null }), 'bce', [1])).toBe(
      ['index,label,bce,mse,anomalous', '5,0,0.5,0.02,1', '20,0,0.5,0.05,1', '15,2,0.4,0.04,1', '25,2,0.3,0.06,1', '10,1,0.2,0.03,0', '0,1,0.1,0.01,0', ''].join('\n'),
    );
    const vae = anomalyCsv(scores(), 'elbo', [0, 2]).split('\n');
    expect(vae[0]).toBe('index,label,bce,mse,neg_elbo,anomalous');
    expect(vae.slice(1, 3)).toEqual(['25,2,0.3,0.06,130,0', '5,0,0.5,0.02,120,0']);
    // every value reads back as the same float32
    const small = Float32Array.from([1 / 3, 1e-8, 123456.789]);
    const row = anomalyCsv(scores({ indices: Int32Array.from([0]), labels: null, bce: small.subarray(0, 1), mse: small.subarray(1, 2), negElbo: small.subarray(2) }), 'bce', null).split('\n')[1]!;
    expect(row).toBe('0,,0.33333334,1e-8,123456.79,');
    expect(row.split(',').slice(2, 5).map((v) => Math.fround(Number(v)))).toEqual(Array.from(small));
    // without labels or normal classes the columns stay, empty
    expect(anomalyCsv(scores({ labels: null, negElbo: null }), 'mse', [1]).split('\n')[1]).toBe('25,,0.3,0.06,');
    expect(anomalyCsv(scores({ negElbo: null }), 'mse', null).split('\n')[1]).toBe('25,2,0.3,0.06,');
  });

  it('goes to <run>/eval/anomaly-<split>.csv, naming another dataset', () => {
    expect(defaultCsvPath('/runs/r1', 'digits', scores())).toBe(join('/runs/r1', 'eval', 'anomaly-val.csv'));
    expect(defaultCsvPath('/runs/r1', 'mnist-10k', scores({ split: 'all' }))).toBe(join('/runs/r1', 'eval', 'anomaly-digits-all.csv'));
  });

  it('is written atomically, creating the folder and replacing an older file whole', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'latent-csv-')), 'eval');
    const path = join(dir, 'anomaly-val.csv');
    await writeAnomalyCsv(path, 'old\n'.repeat(10_000));
    const csv = anomalyCsv(scores(), 'bce', [1]);
    await writeAnomalyCsv(path, csv);
    expect(await readFile(path, 'utf8')).toBe(csv);
    // no temporary file is left beside it
    expect(await readdir(dir)).toEqual(['anomaly-val.csv']);
    await writeFile(join(dir, 'blocker'), '');
    await expect(writeAnomalyCsv(join(dir, 'blocker', 'x.csv'), csv)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe(csv);
  });
});
