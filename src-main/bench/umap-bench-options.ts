/**
 * `npm run bench -- --umap` options and the rows it prints: pure, so the command line and
 * the table can be tested without running a benchmark.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/usage-error';

/** The datasets the UMAP benchmark encodes, with how many images each holds. */
export const UMAP_BENCH_DATASETS = { 'mnist-10k': 10_000, 'fashion-mnist': 70_000 } as const;
export type UmapBenchDataset = keyof typeof UMAP_BENCH_DATASETS;

export interface UmapBenchOptions {
  /** point counts, ascending; each dataset runs the ones it has enough images for */
  sizes: number[];
  datasets: UmapBenchDataset[];
  json: boolean;
  /** seconds umap-js may take per size before it is reported as not finished */
  budgetSeconds: number;
  /** false: only our UMAP runs (umap-js takes minutes at large sizes) */
  umapJs: boolean;
}

const DEFAULT_SIZES = '2000,10000,70000';
const DEFAULT_BUDGET_S = 180;

/** Parses the arguments after `npm run bench --`; a UsageError with one sentence on a mistake. */
export function parseUmapBenchArgs(argv: string[]): UmapBenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        umap: { type: 'boolean', default: false },
        n: { type: 'string', default: DEFAULT_SIZES },
        datasets: { type: 'string', default: Object.keys(UMAP_BENCH_DATASETS).join(',') },
        json: { type: 'boolean', default: false },
        'umap-js-budget': { type: 'string', default: String(DEFAULT_BUDGET_S) },
        'no-umap-js': { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    // node's message goes on about positionals; its first sentence names the problem
    const problem = (error instanceof Error ? error.message : String(error)).split('. ')[0]!.replace(/\.$/, '');
    throw new UsageError(`${problem}: the UMAP benchmark takes --n, --datasets, --json, --umap-js-budget and --no-umap-js.`);
  }
  const sizes = values.n.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (sizes.some((n) => !Number.isInteger(n) || n < 100 || n > 70_000)) {
    throw new UsageError(`--n takes point counts from 100 to 70000 separated by commas, like 2000,10000 (got "${values.n}").`);
  }
  const names = values.datasets.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(name in UMAP_BENCH_DATASETS));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`--datasets takes ${Object.keys(UMAP_BENCH_DATASETS).join(' and/or ')} separated by commas (got "${values.datasets}").`);
  }
  const budget = Number(values['umap-js-budget']);
  if (values['umap-js-budget'].trim() === '' || !Number.isFinite(budget) || budget <= 0) {
    throw new UsageError(`--umap-js-budget is the seconds umap-js may take per run, a positive number (got "${values['umap-js-budget']}").`);
  }
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    datasets: [...new Set(names)] as UmapBenchDataset[],
    json: values.json,
    budgetSeconds: budget,
    umapJs: !values['no-umap-js'],
  };
}

/** One side's result on one dataset and size; null fields: that side did not finish or run. */
export interface UmapSide {
  status: 'finished' | 'timeout' | 'skipped' | 'failed';
  seconds: number | null;
  trustworthiness: number | null;
  knnPreservation: number | null;
  /** how far it got when it did not finish, e.g. "epoch 40 of 150" */
  reached?: string;
}

/** Everything measured on one dataset at one size. */
export interface UmapBenchResult {
  dataset: UmapBenchDataset;
  n: number;
  dim: number;
  /** how the codes were made, e.g. "dense-ae 1 epoch" */
  codes: string;
  nNeighbors: number;
  minDist: number;
  epochs: number;
  budgetSeconds: number;
  /** the machine's 1-minute load average when the size started: how shared the cores were */
  loadAverage: number;
  ours: UmapSide & { firstLayoutMs: number; firstOptimisedLayoutMs: number | null };
  umapJs: UmapSide;
}

const round = (value: number | null, digits: number): number | null => (value === null ? null : Number(value.toFixed(digits)));

/** The stable JSON line of a result (field names are an interface: add, do not rename). */
export function umapBenchRow(r: UmapBenchResult): Record<string, string | number | null> {
  const ratio = r.ours.seconds !== null && r.umapJs.seconds !== null && r.umapJs.seconds > 0 ? r.ours.seconds / r.umapJs.seconds : null;
  const trustGap = r.ours.trustworthiness !== null && r.umapJs.trustworthiness !== null ? r.ours.trustworthiness - r.umapJs.trustworthiness : null;
  return {
    bench: 'umap',
    dataset: r.dataset,
    n: r.n,
    dim: r.dim,
    codes: r.codes,
    n_neighbors: r.nNeighbors,
    min_dist: r.minDist,
    epochs: r.epochs,
    ours_status: r.ours.status,
    ours_s: round(r.ours.seconds, 2),
    ours_first_layout_ms: Math.round(r.ours.firstLayoutMs),
    ours_first_optimised_layout_ms: r.ours.firstOptimisedLayoutMs === null ? null : Math.round(r.ours.firstOptimisedLayoutMs),
    ours_trustworthiness: round(r.ours.trustworthiness, 4),
    ours_knn_preservation: round(r.ours.knnPreservation, 4),
    umap_js_status: r.umapJs.status,
    umap_js_budget_s: r.budgetSeconds,
    umap_js_reached: r.umapJs.status === 'finished' ? null : (r.umapJs.reached ?? null),
    umap_js_s: round(r.umapJs.seconds, 2),
    umap_js_trustworthiness: round(r.umapJs.trustworthiness, 4),
    umap_js_knn_preservation: round(r.umapJs.knnPreservation, 4),
    time_ratio_ours_vs_umap_js: round(ratio, 3),
    trustworthiness_ours_minus_umap_js: round(trustGap, 4),
    load_average_1m: round(r.loadAverage, 2),
  };
}

/** A Markdown table of results, one line per dataset and size (pastes into BENCHMARKS.md). */
export function umapBenchTable(results: UmapBenchResult[]): string {
  const header = ['dataset', 'n', 'epochs', 'ours s', 'first layout', 'first optimised', 'umap-js s', 'ratio', 'trust ours', 'trust umap-js', 'kNN ours', 'kNN umap-js'];
  const lines = results.map((r) => {
    const row = umapBenchRow(r);
    const fixed = (value: string | number | null, digits: number): string => (typeof value === 'number' ? value.toFixed(digits) : '-');
    const umapJsTime =
      r.umapJs.status === 'finished'
        ? fixed(row['umap_js_s']!, 1)
        : r.umapJs.status === 'timeout'
          ? `did not finish in ${r.budgetSeconds} s${r.umapJs.reached ? ` (${r.umapJs.reached})` : ''}`
          : r.umapJs.status;
    return [
      r.dataset,
      r.n.toLocaleString('en-US'),
      String(r.epochs),
      r.ours.status === 'finished' ? fixed(row['ours_s']!, 1) : r.ours.status,
      `${row['ours_first_layout_ms']} ms`,
      row['ours_first_optimised_layout_ms'] === null ? '-' : `${row['ours_first_optimised_layout_ms']} ms`,
      umapJsTime,
      fixed(row['time_ratio_ours_vs_umap_js']!, 3),
      fixed(row['ours_trustworthiness']!, 4),
      fixed(row['umap_js_trustworthiness']!, 4),
      fixed(row['ours_knn_preservation']!, 3),
      fixed(row['umap_js_knn_preservation']!, 3),
    ];
  });
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
