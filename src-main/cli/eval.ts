/** `latent eval RUN --anomaly`: scores a dataset split by the run's reconstruction error,
 * writes the scores as CSV (worst first) and reports AUROC and average precision, or with
 * --sweep a per-class AUROC table. `latent eval RUN --probe`: the Features view's probe at
 * one label budget, the validation accuracy of each classifier. */
import { join, resolve } from 'node:path';
import type { EventSink } from '../engine/engine-context';
import { CodeCache } from '../engine/features/code-cache';
import { Probes } from '../engine/features/probe-job';
import { MAX_PROBE_SIZE, ProbeMethod, ProbeRequest } from '../protocol';
import type { ProbeProgress } from '../protocol';
import { parseBackendName, selectBackend } from '../engine/backend';
import { defaultDataDir } from '../engine/data-dir';
import { DatasetRegistry } from '../engine/data/registry';
import { anomalySweep, defaultScore, describeSamples, evaluateAnomalies, sweepClasses } from '../engine/analysis/anomaly/evaluation';
import type { SweepRow } from '../engine/analysis/anomaly/evaluation';
import { anomalyTargets } from '../engine/analysis/anomaly/metrics';
import { ANOMALY_SPLITS, SCORE_KINDS, hasElbo, scoreAnomalies, splitIndices, splitLabels } from '../engine/analysis/anomaly/scoring';
import type { AnomalySplit, ScoreKind } from '../engine/analysis/anomaly/scoring';
import { anomalyCsv, defaultCsvPath, writeAnomalyCsv } from '../engine/analysis/anomaly/scores-csv';
import { RunModels } from '../engine/inference/run-models';
import { RunStore } from '../engine/runs/run-store';
import { UsageError, labelListOption } from './usage-error';

export interface EvalOptions {
  json: boolean;
  runId: string | undefined;
  anomaly: boolean;
  probe?: boolean | undefined;
  /** --probe's label budget: a count or "all" */
  labels?: string | undefined;
  sweep: boolean;
  normal?: string | undefined;
  dataset?: string | undefined;
  split?: string | undefined;
  score?: string | undefined;
  out?: string | undefined;
  runs?: string | undefined;
}

export async function evalCommand(options: EvalOptions): Promise<number> {
  if (!options.runId) throw new UsageError('eval needs the run id (see `latent runs`).');
  if (options.anomaly && options.probe) throw new UsageError('--anomaly and --probe are two evaluations: run eval once with each.');
  if (options.probe) return probeCommand({ ...options, runId: options.runId });
  if (!options.anomaly) {
    throw new UsageError('eval needs --anomaly (scores samples by reconstruction error) or --probe (classifies the validation split from the run\'s code).');
  }
  if (options.labels !== undefined) throw new UsageError('--labels sets the label budget of --probe; add --probe or drop --labels.');
  const split = oneOf('--split', options.split ?? 'val', ANOMALY_SPLITS);
  const chosenScore = options.score === undefined ? undefined : oneOf('--score', options.score, SCORE_KINDS);
  const normalFlag = options.normal === undefined ? undefined : labelListOption(options.normal, '--normal');
  const store = new RunStore(options.runs ?? join(defaultDataDir(), 'runs'));
  const record = await store.read(options.runId).catch(() => {
    throw new UsageError(`There is no readable run ${options.runId} in ${store.root}.`);
  });
  const datasets = new DatasetRegistry(defaultDataDir());
  const otherDataset = options.dataset === undefined || options.dataset === record.config.datasetId ? null : await datasets.open(options.dataset);
  // the run's classes are the normal ones only on the dataset it trained on
  const normal = normalFlag ?? (otherDataset ? null : (record.config.classes ?? null));
  if (!normal && !options.sweep) {
    const why = otherDataset ? `Run ${record.id} trained on ${record.config.datasetId}, not ${options.dataset}` : `Run ${record.id} was trained on every class`;
    throw new UsageError(`${why}: name the normal classes with --normal (like --normal 1), or try each in turn with --sweep.`);
  }

  await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) });
  const models = new RunModels(store, datasets);
  try {
    const { model, dataset: trainedOn, weights } = await models.get(record.id);
    const dataset = otherDataset ?? trainedOn;
    if (chosenScore === 'elbo' && !hasElbo(model)) throw new UsageError(`--score elbo needs a VAE; run ${record.id} is a ${model.kind} (use bce or mse).`);
    // labels are checked before the pass over the data, not after it
    const what = describeSamples({ datasetId: dataset.summary.id, split });
    const indices = splitIndices(dataset, split);
    if (options.sweep) sweepClasses(splitLabels(dataset, indices), what);
    else anomalyTargets(splitLabels(dataset, indices), normal!, what);

    process.stderr.write(`Scoring ${indices.length} samples of ${what} with run ${record.id} (${record.config.model}, ${weights})\n`);
    const show = progressLine(process.stderr);
    const started = performance.now();
    const scores = await scoreAnomalies(model, trainedOn, dataset, { split, onProgress: show });
    const seconds = (performance.now() - started) / 1000;
    const samplesPerSecond = Math.round(indices.length / seconds);
    const score = chosenScore ?? defaultScore(scores);
    const csvPath = options.out === undefined ? defaultCsvPath(store.dirOf(record.id), record.config.datasetId, scores) : resolve(options.out);
    await writeAnomalyCsv(csvPath, anomalyCsv(scores, score, normal));
    process.stderr.write(`Scored ${indices.length} samples in ${seconds.toFixed(1)} s (${samplesPerSecond} samples/s); scores by ${score}, worst first, in ${csvPath}\n`);

    if (options.sweep) {
      const sweep = anomalySweep(scores, score);
      if (options.json) process.stdout.write(JSON.stringify({ sweep, score, split, dataset: dataset.summary.id, scores: csvPath }) + '\n');
      else process.stdout.write(sweepTable(sweep));
      return 0;
    }
    const result = evaluateAnomalies(scores, normal!, score);
    const line = {
      auroc: result.auroc,
      averagePrecision: result.averagePrecision,
      scores: csvPath,
      normal: result.normal,
      score,
      split,
      dataset: dataset.summary.id,
      count: indices.length,
      normalCount: result.normalCount,
      anomalousCount: result.anomalousCount,
      weights,
      samplesPerSecond,
    };
    if (options.json) process.stdout.write(JSON.stringify(line) + '\n');
    else {
      process.stdout.write(
        `AUROC ${result.auroc.toFixed(4)}, average precision ${result.averagePrecision.toFixed(4)} ` +
          `(${score}; normal [${result.normal.join(', ')}]: ${result.normalCount} normal, ${result.anomalousCount} anomalous)\n`,
      );
    }
    return 0;
  } finally {
    models.dispose();
  }
}

/** Flags of --anomaly that mean nothing to the probe, which always measures on the run's own
 * dataset and its validation split. */
const ANOMALY_ONLY = ['sweep', 'normal', 'dataset', 'split', 'score', 'out'] as const;

/** What each method is called in the text table. */
const METHOD_NAMES: Record<ProbeMethod, string> = {
  'latent-linear': 'latent, linear',
  'latent-mlp': 'latent, one hidden layer',
  'pixels-linear': 'pixels, linear',
  'pixels-mlp': 'pixels, one hidden layer',
  scratch: 'from scratch (encoder-shaped)',
  'latent-knn': 'latent, 5-NN vote',
};

async function probeCommand(options: EvalOptions & { runId: string }): Promise<number> {
  const stray = ANOMALY_ONLY.find((flag) => (flag === 'sweep' ? options.sweep : options[flag] !== undefined));
  if (stray) throw new UsageError(`--${stray} belongs to --anomaly; --probe always measures on the run's own validation split, so drop --${stray}.`);
  const budget = labelBudget(options.labels ?? '100');
  const store = new RunStore(options.runs ?? join(defaultDataDir(), 'runs'));
  const record = await store.read(options.runId).catch(() => {
    throw new UsageError(`There is no readable run ${options.runId} in ${store.root}.`);
  });

  await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) });
  const models = new RunModels(store, new DatasetRegistry(defaultDataDir()));
  const results = new Map<ProbeMethod, number>();
  const show = probeProgressLine(process.stderr);
  let finish: (end: Extract<ProbeProgress, { kind: 'finished' }>) => void = () => {};
  const finished = new Promise<Extract<ProbeProgress, { kind: 'finished' }>>((resolve) => (finish = resolve));
  const emit: EventSink = (event, payload) => {
    if (event !== 'probeProgress') return;
    const progress = payload as ProbeProgress;
    show(progress);
    if (progress.kind === 'result') results.set(progress.method, progress.accuracy);
    if (progress.kind === 'finished') finish(progress);
  };
  try {
    // the engine's own job: the same sampling, classifiers and seeds as the Features view
    const probes = new Probes((runId) => models.get(runId), emit, new CodeCache());
    const request = ProbeRequest.parse({ runId: record.id, sizes: budget === 'all' ? [] : [budget], includeAll: budget === 'all', heads: ['linear', 'mlp'] });
    const plan = await probes.start(request);
    const labels = plan.sizes[0]!;
    process.stderr.write(
      `Probing run ${record.id} (${record.config.model}) with ${labels} labels of ${record.config.datasetId}: ` +
        `${plan.methods.length} classifiers, each scored on ${plan.valCount} validation images\n`,
    );
    const end = await finished;
    if (end.status !== 'completed') {
      process.stderr.write(`latent: ${end.message ?? 'The probe did not complete.'}\n`);
      return 1;
    }
    const accuracy = Object.fromEntries(plan.methods.map((method) => [method, results.get(method)!])) as Partial<Record<ProbeMethod, number>>;
    const best = plan.methods.reduce((a, b) => (accuracy[b]! > accuracy[a]! ? b : a));
    // each head on the code against the same head on the pixels: the encoder earns its keep
    // only if it helps whichever head reads it
    const beatsPixels = request.heads.every((head) => accuracy[`latent-${head}`]! > accuracy[`pixels-${head}`]!);
    process.stderr.write(`Probed in ${end.seconds.toFixed(1)} s\n`);
    if (options.json) {
      const line = { labels, accuracy, best, beatsPixels, runId: record.id, dataset: record.config.datasetId, valCount: plan.valCount, classes: plan.classes, seconds: end.seconds };
      process.stdout.write(JSON.stringify(line) + '\n');
    } else {
      const rows = plan.methods.map((method) => `${METHOD_NAMES[method].padEnd(32)}${accuracy[method]!.toFixed(4)}${method === best ? '  best' : ''}`);
      const verdict = beatsPixels ? 'the code beats the pixels with every head' : 'the code does not beat the pixels with every head';
      process.stdout.write(`${'classifier'.padEnd(32)}validation accuracy (${labels} labels)\n${rows.join('\n')}\n${verdict}\n`);
    }
    return 0;
  } finally {
    models.dispose();
  }
}

/** --labels: a count of labelled training samples, or "all". */
function labelBudget(text: string): number | 'all' {
  if (text === 'all') return 'all';
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PROBE_SIZE) {
    throw new UsageError(`--labels must be a whole number from 1 to ${MAX_PROBE_SIZE} or "all", not "${text}".`);
  }
  return count;
}

/** Encoding, then one classifier after another: a bar rewritten in place on a terminal
 * (cleared at the end), a line per finished classifier elsewhere. */
function probeProgressLine(stream: NodeJS.WriteStream): (event: ProbeProgress) => void {
  return (event) => {
    if (!stream.isTTY) {
      if (event.kind === 'result') stream.write(`${event.method}: validation accuracy ${event.accuracy.toFixed(4)} (${event.seconds.toFixed(1)} s)\n`);
      return;
    }
    if (event.kind === 'finished') stream.write('\r\x1b[K');
    if (event.kind !== 'stage') return;
    const within = event.epochs ? (event.epoch ?? 0) / event.epochs : 0;
    const share = event.stage === 'encoding' ? event.done / event.total : (event.done + within) / event.total;
    const bar = '#'.repeat(Math.round(share * 24)).padEnd(24, '.');
    const what = event.stage === 'encoding' ? `encoding ${event.done}/${event.total} images` : `training ${event.method} (${event.done + 1}/${event.total})`;
    stream.write(`\r[${bar}] ${what}\x1b[K`);
  };
}

/** `text` when it is one of `allowed`, else a UsageError naming the flag. */
function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`${flag} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, not "${text}".`);
}

/** A progress bar rewritten in place on a terminal; nothing elsewhere (the start and end
 * lines say enough in a log). */
function progressLine(stream: NodeJS.WriteStream): (done: number, total: number) => void {
  return (done, total) => {
    if (!stream.isTTY) return;
    const bar = '#'.repeat(Math.round((done / total) * 24)).padEnd(24, '.');
    stream.write(`\r[${bar}] ${done}/${total} samples${done === total ? '\n' : ''}`);
  };
}

function sweepTable(rows: SweepRow[]): string {
  const lines = ['normal  AUROC   avg precision  normal / anomalous samples'];
  for (const row of rows) {
    lines.push(`${row.normal.join(',').padEnd(8)}${row.auroc.toFixed(4).padEnd(8)}${row.averagePrecision.toFixed(4).padEnd(15)}${row.normalCount} / ${row.anomalousCount}`);
  }
  return lines.join('\n') + '\n';
}
