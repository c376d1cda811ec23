/**
 * `npm run bench`: trains the reference models on this machine's backend and runs the
 * PyTorch reference in the same session, printing ratios (these machines are noisy, so
 * only same-run ratios mean anything). One JSON object per line on stdout.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TrainingConfig } from '../protocol';
import type { ModelKind } from '../protocol';
import { parseBackendName, selectBackend } from '../engine/backend';
import { loadMnist10k, mnistDigitsDir } from '../engine/data/mnist-10k';
import { runTraining } from '../engine/training/train-loop';
import { runTorchReference, slowBlasWarning } from './torch-reference';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '10' },
    models: { type: 'string', default: 'dense-ae' },
  },
});
const epochs = Number(values.epochs);
const models = values.models.split(',') as ModelKind[];

const backend = await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) ?? 'wasm' });
const dataset = await loadMnist10k(process.env.LATENT_HOME ?? mkdtempSync(join(tmpdir(), 'latent-bench-')));
const torchScript = process.env.LATENT_TORCH_REFERENCE ?? resolve('../shared/bench/torch_reference.py');
process.stderr.write(`Benchmark: ${models.join(', ')}, ${epochs} epochs, mnist-10k, backend ${backend.backend}\n`);

const blasWarning = slowBlasWarning();
if (blasWarning) process.stderr.write(`Warning: ${blasWarning}\n`);
const torch = runTorchReference(torchScript, mnistDigitsDir(), models, epochs);
if ('unavailable' in torch) process.stderr.write(`No PyTorch ratios: ${torch.unavailable}\n`);

for (const model of models) {
  // like the reference, time only the training batches, not validation or reconstructions
  let trainSeconds = 0;
  let epochStartedAt = 0;
  const finished = await runTraining({
    runId: 'bench',
    config: TrainingConfig.parse({ datasetId: 'mnist-10k', model, epochs }),
    dataset,
    backend: backend.backend,
    signal: new AbortController().signal,
    batchEventIntervalMs: 1000,
    emit: (event) => {
      const now = performance.now();
      if (event.kind === 'started' || event.kind === 'reconstructions') epochStartedAt = now;
      if (event.kind === 'batch' && event.batch === event.batchesPerEpoch) trainSeconds += (now - epochStartedAt) / 1000;
    },
  });
  const samplesPerSec = (dataset.trainIndices.length * finished.epochsDone) / trainSeconds;
  const reference = Array.isArray(torch) ? torch.find((r) => r.model === model) : undefined;
  process.stdout.write(
    JSON.stringify({
      model,
      epochs,
      backend: backend.backend,
      status: finished.status,
      val_loss: finished.valLoss,
      train_samples_per_s: Math.round(samplesPerSec),
      torch_val_loss: reference?.val_loss ?? null,
      torch_train_samples_per_s: reference?.train_samples_per_s ?? null,
      speed_ratio_vs_torch: reference ? Number((samplesPerSec / reference.train_samples_per_s).toFixed(3)) : null,
      val_loss_ratio_vs_torch: reference?.val_loss && finished.valLoss ? Number((finished.valLoss / reference.val_loss).toFixed(3)) : null,
    }) + '\n',
  );
}
