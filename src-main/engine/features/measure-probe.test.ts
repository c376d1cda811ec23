// An opt-in measurement, not a test (skipped unless MEASURE_PROBE=1): trains a run through
// the engine and prints the probe's accuracy per method and budget, and how long each took.
// MEASURE_DATASET (mnist-10k), MEASURE_MODEL (dense-ae), MEASURE_EPOCHS (5); MEASURE_DIR and
// MEASURE_RUN probe an existing run again instead of training one.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { MethodName, MethodParams, MethodResult, ModelKind, ProbeProgress, TrainingProgress } from '../../protocol';
import { checkRequest } from '../../protocol';
import { selectBackend } from '../backend';
import { Engine } from '../engine';

const measuring = process.env.MEASURE_PROBE === '1';
if (!measuring) console.log('measure-probe.test.ts: skipped, an opt-in measurement (MEASURE_PROBE=1 runs it)');

it.skipIf(!measuring)('measures the probe', async () => {
  const backend = await selectBackend({ preferred: 'wasm' });
  const dataDir = process.env.MEASURE_DIR ?? (await mkdtemp(join(tmpdir(), 'latent-measure-')));
  const training: TrainingProgress[] = [];
  const probe: ProbeProgress[] = [];
  const engine = new Engine({
    backend,
    dataDir,
    emit: (event, payload) => {
      if (event === 'trainingProgress') training.push(payload as TrainingProgress);
      if (event === 'probeProgress') probe.push(payload as ProbeProgress);
    },
  });
  const call = async <M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> => {
    const checked = checkRequest({ type: 'request', id: 1, method, params });
    if (!checked.ok) throw new Error(checked.error.message);
    return (await engine.handle(checked.value)) as MethodResult<M>;
  };
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  const model = (process.env.MEASURE_MODEL ?? 'dense-ae') as ModelKind;
  const epochs = Number(process.env.MEASURE_EPOCHS ?? 5);
  let runId = process.env.MEASURE_RUN ?? '';
  let t = performance.now();
  if (!runId) {
    runId = (await call('startTraining', { datasetId: process.env.MEASURE_DATASET ?? 'mnist-10k', model, epochs })).runId;
    await until(() => training.some((e) => e.kind === 'finished'));
    await engine.idle();
    console.log(`trained ${model} for ${epochs} epochs in ${((performance.now() - t) / 1000).toFixed(1)} s: run ${runId} in ${dataDir}`);
  }
  t = performance.now();
  await call('startProbe', { runId, sizes: [10, 100, 1000], includeAll: true, heads: ['linear', 'mlp'], scratch: true });
  await until(() => probe.some((e) => e.kind === 'finished'));
  for (const e of probe) {
    if (e.kind === 'result') console.log(`${e.method.padEnd(14)} N=${String(e.size).padStart(5)} accuracy ${e.accuracy.toFixed(3)} (${e.epochs} epochs, ${e.seconds.toFixed(2)} s)`);
  }
  console.log(`probe: ${((performance.now() - t) / 1000).toFixed(1)} s in all`);
  expect(probe.find((e) => e.kind === 'finished')).toMatchObject({ status: 'completed' });
}, 1_800_000);
