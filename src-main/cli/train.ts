/** `latent train` and `latent resume`: headless training with the engine's own loop,
 * written as a run folder. */
import { join } from 'node:path';
import { ModelKind, TrainingConfig } from '../protocol';
import type { TrainingProgress } from '../protocol';
import { parseBackendName, selectBackend } from '../engine/backend';
import { defaultDataDir } from '../engine/data-dir';
import { DatasetRegistry } from '../engine/data/registry';
import { resumeRecordedTraining, startRecordedTraining } from '../engine/runs/recorded-training';
import type { RecordedRun, RecordedTrainingOptions } from '../engine/runs/recorded-training';
import { effectiveStatus } from '../engine/runs/run-record';
import { RunStore } from '../engine/runs/run-store';
import { ThroughputMeter } from '../engine/training/throughput';
import { progressJson, terminalProgress } from './progress-line';
import { UsageError, labelListOption, numberOption } from './usage-error';

export interface TrainOptions {
  json: boolean;
  model?: string | undefined;
  dataset?: string | undefined;
  epochs?: string | undefined;
  batch?: string | undefined;
  latent?: string | undefined;
  lr?: string | undefined;
  seed?: string | undefined;
  beta?: string | undefined;
  klWarmup?: string | undefined;
  noise?: string | undefined;
  noiseKind?: string | undefined;
  imageAdversarial?: string | undefined;
  classes?: string | undefined;
  maxTrainSamples?: string | undefined;
  runs?: string | undefined;
}

/** Config field -> the flag that sets it, for error messages. */
const FLAGS: Record<string, string> = {
  datasetId: '--dataset',
  model: '--model',
  epochs: '--epochs',
  batchSize: '--batch',
  latentDim: '--latent',
  learningRate: '--lr',
  seed: '--seed',
  beta: '--beta',
  klWarmupEpochs: '--kl-warmup',
  noise: '--noise',
  imageAdversarialWeight: '--image-adversarial',
  classes: '--classes',
  maxTrainSamples: '--max-train-samples',
};

/** The run's settings from the flags; a bad value is a UsageError naming the flag. */
export function configFromFlags(options: TrainOptions): TrainingConfig {
  if (!options.model) throw new UsageError(`--model is required (${ModelKind.options.join(', ')}).`);
  if (options.noiseKind !== undefined && options.noise === undefined) throw new UsageError('--noise-kind needs --noise (the noise amount).');
  const parsed = TrainingConfig.safeParse({
    datasetId: options.dataset ?? 'mnist-10k',
    model: options.model,
    ...numberOption('epochs', options.epochs, '--epochs'),
    ...numberOption('batchSize', options.batch, '--batch'),
    ...numberOption('latentDim', options.latent, '--latent'),
    ...numberOption('learningRate', options.lr, '--lr'),
    ...numberOption('seed', options.seed, '--seed'),
    ...numberOption('beta', options.beta, '--beta'),
    ...numberOption('klWarmupEpochs', options.klWarmup, '--kl-warmup'),
    ...numberOption('imageAdversarialWeight', options.imageAdversarial, '--image-adversarial'),
    ...numberOption('maxTrainSamples', options.maxTrainSamples, '--max-train-samples'),
    ...(options.noise === undefined ? {} : { noise: { kind: options.noiseKind ?? 'gaussian', ...numberOption('amount', options.noise, '--noise') } }),
    ...(options.classes === undefined ? {} : { classes: labelListOption(options.classes, '--classes') }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0]);
    const flag = field === 'noise' && issue.path[1] === 'kind' ? '--noise-kind' : (FLAGS[field] ?? field);
    throw new UsageError(`${flag}: ${issue.message}.`);
  }
  return parsed.data;
}

export async function trainCommand(options: TrainOptions): Promise<number> {
  const config = configFromFlags(options);
  return runAndReport(options, config, async (o) => startRecordedTraining(o));
}

export interface ResumeOptions {
  json: boolean;
  runId: string | undefined;
  epochs?: string | undefined;
  runs?: string | undefined;
}

/** `latent resume RUN [--epochs N]`: continues a run from its last checkpoint. */
export async function resumeCommand(options: ResumeOptions): Promise<number> {
  if (!options.runId) throw new UsageError('resume needs the run id (see `latent runs`).');
  const store = runStore(options.runs);
  const record = await store.read(options.runId).catch(() => {
    throw new UsageError(`There is no readable run ${options.runId} in ${store.root}.`);
  });
  if (effectiveStatus(record) === 'running') throw new UsageError(`Run ${record.id} is still training (process ${record.pid}).`);
  const epochs = numberOption('epochs', options.epochs, '--epochs')['epochs'] ?? record.config.epochs;
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 1000) throw new UsageError('--epochs must be a whole number from 1 to 1000.');
  return runAndReport({ json: options.json, runs: options.runs }, { ...record.config, epochs }, (o) => resumeRecordedTraining(record, o));
}

function runStore(runs: string | undefined): RunStore {
  return new RunStore(runs ?? join(defaultDataDir(), 'runs'));
}

/** Runs training with a terminal progress bar or JSON lines, then prints the result. */
async function runAndReport(
  options: { json: boolean; runs?: string | undefined },
  config: TrainingConfig,
  begin: (options: RecordedTrainingOptions) => Promise<RecordedRun>,
): Promise<number> {
  const backend = await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) });
  const dataset = await new DatasetRegistry(defaultDataDir()).open(config.datasetId);
  const controller = new AbortController();
  // Ctrl+C stops between two batches and still writes the run's folder
  process.once('SIGINT', () => controller.abort());
  const meter = new ThroughputMeter();
  let valMetrics: Record<string, number> = {};
  const show = options.json ? (e: TrainingProgress) => process.stdout.write(progressJson(e) + '\n') : terminalProgress(process.stderr);
  const run = await begin({
    config,
    dataset,
    backend: backend.backend,
    store: runStore(options.runs),
    signal: controller.signal,
    emit: (event) => {
      meter.observe(event);
      if (event.kind === 'epoch') valMetrics = event.valMetrics;
      show(event);
    },
    onWriteError: (error) => process.stderr.write(`Warning: the run's files could not all be written: ${error.message}\n`),
  });
  const finished = await run.done;
  // a VAE's recon and kl (validation) ride along; valLoss and samplesPerSecond are the stable names
  const { loss: _loss, ...otherVal } = valMetrics;
  const result = {
    type: 'result',
    runId: run.runId,
    dir: run.dir,
    status: finished.status,
    ...(finished.message ? { message: finished.message } : {}),
    metrics: { valLoss: finished.valLoss, samplesPerSecond: Math.round(meter.samplesPerSecond()), epochs: finished.epochsDone, ...otherVal },
  };
  if (options.json) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stderr.write(`Run ${run.runId} ${finished.status}; validation loss ${finished.valLoss?.toFixed(4) ?? 'n/a'}; saved in ${run.dir}\n`);
  return finished.status === 'failed' ? 1 : 0;
}
