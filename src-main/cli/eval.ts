/** `latent eval RUN --anomaly`: scores a dataset split by the run's reconstruction error,
 * writes the scores as CSV (worst first) and reports AUROC and average precision, or with
 * --sweep a per-class AUROC table. */
import { join, resolve } from 'node:path';
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
  if (!options.anomaly) throw new UsageError('eval needs --anomaly (scores samples by reconstruction error), the one evaluation so far.');
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
