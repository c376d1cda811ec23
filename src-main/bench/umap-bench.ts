/**
 * `npm run bench -- --umap [--n 2000,10000,70000] [--datasets mnist-10k,fashion-mnist]
 * [--json] [--umap-js-budget 180] [--no-umap-js]`: our UMAP against stock umap-js on the
 * latent codes of a real encoder (a dense AE trained for one epoch on the dataset), with the
 * same n_neighbors, min_dist and epochs, in the same process run (only same-run ratios mean
 * anything on these machines). Both maps are scored on the same seeded 1,000-point sample.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrainingConfig } from '../protocol';
import type { BackendName } from '../protocol';
import { parseBackendName, selectBackend } from '../engine/backend';
import { TimeSlicer } from '../engine/analysis/time-slicer';
import { TRUST_K, sampledTrustworthiness, trustSample } from '../engine/analysis/trustworthiness';
import { defaultEpochs, umap } from '../engine/analysis/umap';
import { loadFashionMnist } from '../engine/data/fashion-mnist';
import { gatherBatch } from '../engine/data/image-set';
import type { ImageSet } from '../engine/data/image-set';
import { loadMnist10k } from '../engine/data/mnist-10k';
import type { TrainableModel } from '../engine/models';
import { runTraining } from '../engine/training/train-loop';
import { UsageError } from '../cli/usage-error';
import { knnPreservation } from './knn-preservation';
import { runUmapJs } from './umap-js-runner';
import { UMAP_BENCH_DATASETS, parseUmapBenchArgs, umapBenchRow, umapBenchTable } from './umap-bench-options';
import type { UmapBenchDataset, UmapBenchOptions, UmapBenchResult, UmapSide } from './umap-bench-options';

/** umap-learn's and umap-js's defaults, used by both sides. */
const N_NEIGHBORS = 15;
const MIN_DIST = 0.1;
const SEED = 1;
const ENCODER = 'dense-ae';
const ENCODER_EPOCHS = 1;
const ENCODE_BATCH = 512;

/** Runs the UMAP benchmark; a bad command line prints one sentence and exits 2. */
export async function runUmapBench(argv: string[]): Promise<void> {
  let options: UmapBenchOptions;
  try {
    options = parseUmapBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const backend = await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) ?? 'wasm' });
  const dataDir = process.env.LATENT_HOME ?? mkdtempSync(join(tmpdir(), 'latent-bench-'));
  try {
    await benchDatasets(options, backend.backend, dataDir);
  } finally {
    // a fresh directory holds Fashion-MNIST's converted cache (~55 MB): not worth keeping
    if (!process.env.LATENT_HOME) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchDatasets(options: UmapBenchOptions, backend: BackendName, dataDir: string): Promise<void> {
  const results: UmapBenchResult[] = [];
  for (const name of options.datasets) {
    const sizes = options.sizes.filter((n) => n <= UMAP_BENCH_DATASETS[name]);
    const skipped = options.sizes.filter((n) => n > UMAP_BENCH_DATASETS[name]);
    if (skipped.length > 0) log(`${name} holds ${UMAP_BENCH_DATASETS[name]} images: skipping n = ${skipped.join(', ')}.`);
    if (sizes.length === 0) continue;
    const dataset = name === 'mnist-10k' ? await loadMnist10k(dataDir) : await loadFashionMnist(dataDir);
    const { codes, dim } = await trainedCodes(dataset, name, backend, sizes.at(-1)!);
    for (const n of sizes) {
      const result = await compare(name, codes.subarray(0, n * dim), dim, options);
      results.push(result);
      if (options.json) process.stdout.write(JSON.stringify(umapBenchRow(result)) + '\n');
    }
  }
  if (!options.json) process.stdout.write(umapBenchTable(results) + '\n');
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Trains the encoder for one epoch and encodes the dataset's first `count` images (train
 * and validation/test alike, in file order). */
async function trainedCodes(dataset: ImageSet, name: UmapBenchDataset, backend: BackendName, count: number): Promise<{ codes: Float32Array; dim: number }> {
  log(`${name}: training ${ENCODER} for ${ENCODER_EPOCHS} epoch on ${dataset.trainIndices.length} images, then encoding ${count}...`);
  const config = TrainingConfig.parse({ datasetId: dataset.summary.id, model: ENCODER, epochs: ENCODER_EPOCHS });
  const encoded: { codes: Float32Array; dim: number }[] = [];
  const finished = await runTraining({
    runId: 'umap-bench',
    config,
    dataset,
    backend,
    signal: new AbortController().signal,
    emit: () => undefined,
    // the model is disposed when the run ends, so the codes are taken synchronously here
    onModel: (model, epochsDone) => {
      if (model && epochsDone === ENCODER_EPOCHS) encoded.push(encodeSync(model, dataset, count));
    },
  });
  const [taken] = encoded;
  if (!taken) throw new Error(`Training the ${ENCODER} on ${name} did not complete: ${finished.message ?? finished.status}.`);
  log(`${name}: validation loss ${finished.valLoss?.toFixed(4)}, codes ${count} x ${taken.dim}.`);
  return taken;
}

function encodeSync(model: TrainableModel, dataset: ImageSet, count: number): { codes: Float32Array; dim: number } {
  const encode = model.encode!.bind(model);
  const dim = model.latentDim;
  const { width, height, channels } = dataset.summary;
  const indices = Int32Array.from({ length: count }, (_, i) => i);
  const codes = new Float32Array(count * dim);
  for (let from = 0; from < count; from += ENCODE_BATCH) {
    const to = Math.min(count, from + ENCODE_BATCH);
    const batch = tf.tidy(() => encode(tf.tensor2d(gatherBatch(dataset, indices, from, to), [to - from, width * height * channels])));
    codes.set(batch.dataSync(), from * dim);
    batch.dispose();
  }
  return { codes, dim };
}

/** Times both UMAPs on the same codes and scores both maps on the same sample. */
async function compare(name: UmapBenchDataset, codes: Float32Array, dim: number, options: UmapBenchOptions): Promise<UmapBenchResult> {
  const n = codes.length / dim;
  const loadAverage = loadavg()[0]!;
  const epochs = defaultEpochs(n);
  const sample = trustSample(n, SEED);
  const score = async (layout: Float32Array): Promise<{ trustworthiness: number; knnPreservation: number }> => ({
    trustworthiness: (await sampledTrustworthiness(codes, dim, layout, SEED, new TimeSlicer())).value,
    knnPreservation: knnPreservation(codes, dim, layout, TRUST_K, sample),
  });

  log(`${name} n=${n}: our UMAP (${epochs} epochs; load average ${loadAverage.toFixed(1)} on ${availableParallelism()} cores)...`);
  let firstLayoutMs = Number.NaN;
  let firstOptimisedLayoutMs: number | null = null;
  const start = performance.now();
  const layout = await umap(codes, dim, { nNeighbors: N_NEIGHBORS, minDist: MIN_DIST, metric: 'euclidean', epochs, seed: SEED }, {
    stage: () => undefined,
    layout: (_coords, epoch) => {
      const elapsed = performance.now() - start;
      if (Number.isNaN(firstLayoutMs)) firstLayoutMs = elapsed;
      if (epoch > 0 && firstOptimisedLayoutMs === null) firstOptimisedLayoutMs = elapsed;
    },
  }, new TimeSlicer());
  const oursSeconds = (performance.now() - start) / 1000;
  const ours = { status: 'finished' as const, seconds: oursSeconds, firstLayoutMs, firstOptimisedLayoutMs, ...(await score(layout)) };
  log(`${name} n=${n}: ours ${oursSeconds.toFixed(1)} s, trustworthiness ${ours.trustworthiness.toFixed(4)}.`);

  let umapJs: UmapSide = { status: 'skipped', seconds: null, trustworthiness: null, knnPreservation: null };
  if (options.umapJs) {
    log(`${name} n=${n}: umap-js (${epochs} epochs, budget ${options.budgetSeconds} s)...`);
    const outcome = await runUmapJs(codes, dim, { nNeighbors: N_NEIGHBORS, minDist: MIN_DIST, epochs, seed: SEED }, options.budgetSeconds * 1000);
    if (outcome.status === 'finished') {
      umapJs = { status: 'finished', seconds: outcome.seconds, ...(await score(outcome.layout)) };
      log(`${name} n=${n}: umap-js ${outcome.seconds.toFixed(1)} s, trustworthiness ${umapJs.trustworthiness!.toFixed(4)}.`);
    } else {
      umapJs = { status: outcome.status, seconds: null, trustworthiness: null, knnPreservation: null, reached: outcome.reached };
      log(`${name} n=${n}: umap-js ${outcome.status === 'timeout' ? `did not finish in ${options.budgetSeconds} s` : `failed: ${outcome.message}`} (reached ${outcome.reached}).`);
    }
  }
  return { dataset: name, n, dim, codes: `${ENCODER} ${ENCODER_EPOCHS} epoch`, nNeighbors: N_NEIGHBORS, minDist: MIN_DIST, epochs, budgetSeconds: options.budgetSeconds, loadAverage, ours, umapJs };
}
