/**
 * `npm run bench`: trains the reference models on this machine's backend and runs the
 * PyTorch reference in the same session, printing ratios (these machines are noisy, so
 * only same-run ratios mean anything). One JSON object per line on stdout.
 *
 *   npm run bench                      timing: 2 epochs of each model
 *   npm run bench -- --quality         10 epochs, validation losses compared too
 *   npm run bench -- --models dense-ae --epochs 3
 *   npm run bench -- --umap [--n 2000,10000]   our UMAP against umap-js (umap-bench.ts)
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ModelKind, TrainingConfig } from '../protocol';
import { parseBackendName, selectBackend } from '../engine/backend';
import { gatherBatch } from '../engine/data/image-set';
import { loadMnist10k, mnistDigitsDir } from '../engine/data/mnist-10k';
import { DatasetRegistry } from '../engine/data/registry';
import { inferDrawing } from '../engine/inference/infer-drawing';
import { RunModels } from '../engine/inference/run-models';
import { createModel, modelArgs } from '../engine/models';
import type { TrainableModel } from '../engine/models';
import { RunStore } from '../engine/runs/run-store';
import { ThroughputMeter } from '../engine/training/throughput';
import { runTraining } from '../engine/training/train-loop';
import { runTorchReference, slowBlasWarning } from './torch-reference';
import { runUmapBench } from './umap-bench';

// the UMAP benchmark has its own options; the training benchmark below does not run
if (process.argv.includes('--umap')) {
  await runUmapBench(process.argv.slice(2));
  process.exit();
}

/** DESIGN.md's reference models: the ones the PyTorch reference also trains. */
const REFERENCE_MODELS = ['dense-ae', 'conv-ae', 'vae'];

const { values } = parseArgs({
  options: {
    epochs: { type: 'string' },
    models: { type: 'string', default: REFERENCE_MODELS.join(',') },
    quality: { type: 'boolean', default: false },
    // trains the dense AE again while a simulated pen asks for a reconstruction every 16 ms
    'draw-load': { type: 'boolean', default: false },
  },
});
const epochs = Number(values.epochs ?? (values.quality ? 10 : 2));
const models = values.models.split(',').map((m) => ModelKind.parse(m));

const backend = await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) ?? 'wasm' });
const dataset = await loadMnist10k(process.env.LATENT_HOME ?? mkdtempSync(join(tmpdir(), 'latent-bench-')));
const torchScript = process.env.LATENT_TORCH_REFERENCE ?? resolve('../shared/bench/torch_reference.py');
process.stderr.write(`Benchmark: ${models.join(', ')}, ${epochs} epochs, mnist-10k, backend ${backend.backend}\n`);

if (values['draw-load']) await drawLoad();
else await compareWithTorch();

/** Each model's throughput (and with --quality its validation loss) against PyTorch's. */
async function compareWithTorch(): Promise<void> {
  const blasWarning = slowBlasWarning();
  if (blasWarning) process.stderr.write(`Warning: ${blasWarning}\n`);
  const torch = runTorchReference(torchScript, mnistDigitsDir(), models, epochs, !values.quality);
  if ('unavailable' in torch) process.stderr.write(`No PyTorch ratios: ${torch.unavailable}\n`);

  const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
    a != null && b ? Number((a / b).toFixed(3)) : null;

  for (const model of models) {
    const trained = await trainTimed(model);
    const reference = Array.isArray(torch) ? torch.find((r) => r.model === model) : undefined;
    process.stdout.write(
      JSON.stringify({
        model,
        epochs,
        backend: backend.backend,
        status: trained.status,
        train_samples_per_s: Math.round(trained.samplesPerSec),
        torch_train_samples_per_s: reference?.train_samples_per_s ?? null,
        speed_ratio_vs_torch: ratio(trained.samplesPerSec, reference?.train_samples_per_s),
        ...(values.quality
          ? { val_loss: trained.valLoss, torch_val_loss: reference?.val_loss ?? null, val_loss_ratio_vs_torch: ratio(trained.valLoss, reference?.val_loss) }
          : {}),
        single_image_reconstruction_ms_median: singleImageReconstructionMs(model),
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      }) + '\n',
    );
  }
}

/** How much a user drawing during training slows the training down. */
async function drawLoad(): Promise<void> {
  // plain, drawn, drawn, plain: a machine that warms up or gets busier mid-run favours neither
  const plainFirst = await trainTimed('dense-ae');
  const drawnFirst = await trainTimed('dense-ae', true);
  const drawnSecond = await trainTimed('dense-ae', true);
  const plainSecond = await trainTimed('dense-ae');
  const plain = (plainFirst.samplesPerSec + plainSecond.samplesPerSec) / 2;
  const drawn = (drawnFirst.samplesPerSec + drawnSecond.samplesPerSec) / 2;
  process.stdout.write(
    JSON.stringify({
      model: 'dense-ae',
      epochs,
      train_samples_per_s: Math.round(plain),
      train_samples_per_s_while_drawing: Math.round(drawn),
      drawings_answered: drawnFirst.drawings + drawnSecond.drawings,
      training_slowdown_while_drawing: Number((1 - drawn / plain).toFixed(3)),
      // the spread between the two plain runs is the noise the slowdown is read against
      samples_per_s_plain_drawn_drawn_plain: [plainFirst, drawnFirst, drawnSecond, plainSecond].map((run) => Math.round(run.samplesPerSec)),
    }) + '\n',
  );
}

/** DrawView's DETAIL_INTERVAL_MS: how often a moving pen asks for the nearest digits. */
const VIEW_DETAIL_INTERVAL_MS = 100;

/** Trains one model; like the reference, times only the training batches. With `pen`, a
 * drawing goes through the live model every 16 ms (a pointer at 60 Hz, requests coalesced:
 * the next is sent when the previous is answered), as the Draw view does during training. */
async function trainTimed(model: ModelKind, pen = false): Promise<{ status: string; samplesPerSec: number; valLoss: number | null; drawings: number }> {
  const meter = new ThroughputMeter();
  const runModels = new RunModels(new RunStore(tmpdir()), new DatasetRegistry(tmpdir()));
  let training = true;
  let drawings = 0;
  const drawing = gatherBatch(dataset, dataset.valIndices, 0, 1);
  let detailsAt = Number.NEGATIVE_INFINITY;
  const penLoop = (async () => {
    while (pen && training) {
      const run = await runModels.get('bench').catch(() => null);
      if (run) {
        // the view asks for the neighbours at most every DETAIL_INTERVAL_MS while the pen moves
        const details = performance.now() - detailsAt >= VIEW_DETAIL_INTERVAL_MS;
        if (details) detailsAt = performance.now();
        await inferDrawing(run, { runId: 'bench', pixels: drawing, neighbours: details ? 8 : 0, samples: 0 });
        drawings++;
      }
      await new Promise((resolve) => setTimeout(resolve, 16));
    }
  })();
  const finished = await runTraining({
    ...(pen ? { onModel: (net: TrainableModel | null, epochsDone: number) => runModels.setLive('bench', net, dataset, epochsDone) } : {}),
    runId: 'bench',
    config: TrainingConfig.parse({ datasetId: 'mnist-10k', model, epochs }),
    dataset,
    backend: backend.backend,
    signal: new AbortController().signal,
    batchEventIntervalMs: 1000,
    emit: (event) => meter.observe(event),
  });
  training = false;
  await penLoop;
  return { status: finished.status, samplesPerSec: meter.samplesPerSecond(), valLoss: finished.valLoss, drawings };
}

/** Median time to reconstruct one image: what the drawing pad pays per stroke. */
function singleImageReconstructionMs(model: ModelKind): number | null {
  const { width, height, channels } = dataset.summary;
  const net = createModel(model, modelArgs(TrainingConfig.parse({ datasetId: dataset.summary.id, model }), dataset.summary));
  // a GAN has no encoder: nothing to reconstruct
  const reconstruct = net.reconstruct?.bind(net);
  if (!reconstruct) {
    net.dispose();
    return null;
  }
  const x = tf.tensor2d(gatherBatch(dataset, dataset.valIndices, 0, 1), [1, width * height * channels]);
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const start = performance.now();
    const y = reconstruct(x);
    y.dataSync();
    y.dispose();
    if (i >= 10) times.push(performance.now() - start);
  }
  x.dispose();
  net.dispose();
  times.sort((a, b) => a - b);
  return Number(times[Math.floor(times.length / 2)]!.toFixed(3));
}
