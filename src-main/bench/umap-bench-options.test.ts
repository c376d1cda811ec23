import { describe, expect, it } from 'vitest';
import { UsageError } from '../cli/usage-error';
import { parseUmapBenchArgs, umapBenchRow, umapBenchTable } from './umap-bench-options';
import type { UmapBenchResult } from './umap-bench-options';

describe('UMAP benchmark arguments', () => {
  it('defaults to both datasets at 2,000, 10,000 and 70,000 points with umap-js capped at 180 s', () => {
    expect(parseUmapBenchArgs(['--umap'])).toEqual({
      sizes: [2000, 10_000, 70_000],
      datasets: ['mnist-10k', 'fashion-mnist'],
      json: false,
      budgetSeconds: 180,
      umapJs: true,
    });
  });

  it('reads sizes (sorted, repeats dropped), datasets, --json, the budget and --no-umap-js', () => {
    const options = parseUmapBenchArgs(['--umap', '--n', '10000,2000,2000', '--datasets', 'fashion-mnist', '--json', '--umap-js-budget', '30.5', '--no-umap-js']);
    expect(options).toEqual({ sizes: [2000, 10_000], datasets: ['fashion-mnist'], json: true, budgetSeconds: 30.5, umapJs: false });
  });

  it('answers a mistake with one sentence naming the flag', () => {
    const message = (argv: string[]): string => {
      try {
        parseUmapBenchArgs(argv);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('no error');
    };
    expect(message(['--n', '2000,abc'])).toMatch(/^--n takes point counts from 100 to 70000.*"2000,abc"/);
    expect(message(['--n', '80000'])).toMatch(/^--n takes/);
    expect(message(['--n', ''])).toMatch(/^--n takes/);
    expect(message(['--datasets', 'mnist'])).toMatch(/^--datasets takes mnist-10k and\/or fashion-mnist/);
    expect(message(['--umap-js-budget', '0'])).toMatch(/^--umap-js-budget is the seconds/);
    expect(message(['--umap-js-budget', 'soon'])).toMatch(/^--umap-js-budget/);
    expect(message(['--epochs', '3'])).toBe("Unknown option '--epochs': the UMAP benchmark takes --n, --datasets, --json, --umap-js-budget and --no-umap-js.");
    expect(message(['--n'])).toMatch(/^Option '--n <value>' argument missing: the UMAP/);
  });
});

function result(umapJs: UmapBenchResult['umapJs']): UmapBenchResult {
  return {
    dataset: 'fashion-mnist',
    n: 70_000,
    dim: 32,
    codes: 'dense-ae 1 epoch',
    nNeighbors: 15,
    minDist: 0.1,
    epochs: 150,
    budgetSeconds: 180,
    loadAverage: 3.456,
    ours: { status: 'finished', seconds: 30.123, firstLayoutMs: 412.6, firstOptimisedLayoutMs: 9876.5, trustworthiness: 0.987654, knnPreservation: 0.43219 },
    umapJs,
  };
}

describe('UMAP benchmark output', () => {
  const finished = result({ status: 'finished', seconds: 120.5, trustworthiness: 0.99, knnPreservation: 0.5 });
  const timedOut = result({ status: 'timeout', seconds: null, trustworthiness: null, knnPreservation: null, reached: 'epoch 40 of 150' });

  it('prints one JSON object per result with stable field names and same-run ratios', () => {
    const row = umapBenchRow(finished);
    expect(Object.keys(row)).toEqual([
      'bench', 'dataset', 'n', 'dim', 'codes', 'n_neighbors', 'min_dist', 'epochs',
      'ours_status', 'ours_s', 'ours_first_layout_ms', 'ours_first_optimised_layout_ms', 'ours_trustworthiness', 'ours_knn_preservation',
      'umap_js_status', 'umap_js_budget_s', 'umap_js_reached', 'umap_js_s', 'umap_js_trustworthiness', 'umap_js_knn_preservation',
      'time_ratio_ours_vs_umap_js', 'trustworthiness_ours_minus_umap_js', 'load_average_1m',
    ]);
    expect(row).toMatchObject({ ours_s: 30.12, ours_first_layout_ms: 413, umap_js_s: 120.5, time_ratio_ours_vs_umap_js: 0.25, trustworthiness_ours_minus_umap_js: -0.0023, umap_js_reached: null, load_average_1m: 3.46 });
    expect(umapBenchRow(timedOut)).toMatchObject({ umap_js_status: 'timeout', umap_js_reached: 'epoch 40 of 150', umap_js_s: null, time_ratio_ours_vs_umap_js: null, trustworthiness_ours_minus_umap_js: null });
  });

  it('draws a Markdown table that says when umap-js did not finish', () => {
    const lines = umapBenchTable([finished, timedOut]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| dataset \| n \| epochs \| ours s \| first layout \|/);
    expect(lines[1]).toBe(`|${' --- |'.repeat(12)}`);
    expect(lines[2]).toBe('| fashion-mnist | 70,000 | 150 | 30.1 | 413 ms | 9877 ms | 120.5 | 0.250 | 0.9877 | 0.9900 | 0.432 | 0.500 |');
    expect(lines[3]).toContain('| did not finish in 180 s (epoch 40 of 150) | - | 0.9877 | - | 0.432 | - |');
  });
});
