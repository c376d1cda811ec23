/** `latent train`: headless training with the engine's own loop, written as a run folder. */
import { join } from 'node:path';
import { TrainingConfig } from '../protocol';
import { parseBackendName, selectBackend } from '../engine/backend';
import { defaultDataDir } from '../engine/data-dir';
import { DatasetRegistry } from '../engine/data/registry';
import { startRecordedTraining } from '../engine/runs/recorded-training';
import { RunStore } from '../engine/runs/run-store';
import { ThroughputMeter } from '../engine/training/throughput';
import { progressJson, terminalProgress } from './progress-line';
import { UsageError, numberOption } from './usage-error';

export interface TrainOptions {
  json: boolean;
  model?: string | undefined;
  dataset?: string | undefined;
  epochs?: string | undefined;
  batch?: string | undefined;
  latent?: string | undefined;
  lr?: string | undefined;
  seed?: string | undefined;
  maxTrainSamples?: string | undefined;
  runs?: string | undefined;
}

/** The run's settings from the flags; a bad value is a UsageError naming the flag. */
export function configFromFlags(options: TrainOptions): TrainingConfig {
  if (!options.model) throw new UsageError('--model is required (dense-ae, conv-ae or vae).');
  const parsed = TrainingConfig.safeParse({
    datasetId: options.dataset ?? 'mnist-10k',
    model: options.model,
    ...numberOption('epochs', options.epochs, '--epochs'),
    ...numberOption('batchSize', options.batch, '--batch'),
    ...numberOption('latentDim', options.latent, '--latent'),
    ...numberOption('learningRate', options.lr, '--lr'),
    ...numberOption('seed', options.seed, '--seed'),
    ...numberOption('maxTrainSamples', options.maxTrainSamples, '--max-train-samples'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = { datasetId: '--dataset', model: '--model', epochs: '--epochs', batchSize: '--batch', latentDim: '--latent', learningRate: '--lr', seed: '--seed', maxTrainSamples: '--max-train-samples' }[String(issue.path[0])] ?? String(issue.path[0]);
    throw new UsageError(`${flag}: ${issue.message}.`);
  }
  return parsed.data;
}

export async function trainCommand(options: TrainOptions): Promise<number> {
  const config = configFromFlags(options);
  const backend = await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) });
  const dataDir = defaultDataDir();
  const dataset = await new DatasetRegistry(dataDir).open(config.datasetId);
  const store = new RunStore(options.runs ?? join(dataDir, 'runs'));
  const controller = new AbortController();
  // Ctrl+C stops between two batches and still writes the run's folder
  process.once('SIGINT', () => controller.abort());
  const meter = new ThroughputMeter();
  const show = options.json ? (e: Parameters<typeof progressJson>[0]) => process.stdout.write(progressJson(e) + '\n') : terminalProgress(process.stderr);
  const run = startRecordedTraining({
    config,
    dataset,
    backend: backend.backend,
    store,
    signal: controller.signal,
    emit: (event) => {
      meter.observe(event);
      show(event);
    },
    onWriteError: (error) => process.stderr.write(`Warning: the run's files could not all be written: ${error.message}\n`),
  });
  const finished = await run.done;
  const result = {
    type: 'result',
    runId: run.runId,
    dir: run.dir,
    status: finished.status,
    ...(finished.message ? { message: finished.message } : {}),
    metrics: { valLoss: finished.valLoss, samplesPerSecond: Math.round(meter.samplesPerSecond()), epochs: finished.epochsDone },
  };
  if (options.json) process.stdout.write(JSON.stringify(result) + '\n');
  else process.stderr.write(`Run ${run.runId} ${finished.status}; validation loss ${finished.valLoss?.toFixed(4) ?? 'n/a'}; saved in ${run.dir}\n`);
  return finished.status === 'failed' ? 1 : 0;
}
