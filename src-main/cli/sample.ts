/** `latent sample RUN --n 1000 --out DIR`: decodes N codes drawn from a generative run's
 * prior and writes them as PNG files (`sample-0000.png`, …) or one float32 NPY array
 * [N, H, W, C] (`samples.npy`), values in [0, 1]. The same seed writes the same files. */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import writeFileAtomic from 'write-file-atomic';
import { MAX_TEMPERATURE } from '../protocol';
import { parseBackendName, selectBackend } from '../engine/backend';
import { defaultDataDir } from '../engine/data-dir';
import { DatasetRegistry } from '../engine/data/registry';
import { encodeNpyFloat32, encodePng } from '../engine/generate/image-files';
import { generativeModel } from '../engine/generate/generate-handlers';
import { priorCodes } from '../engine/generate/prior';
import { RunModels } from '../engine/inference/run-models';
import { RunStore } from '../engine/runs/run-store';
import { UsageError } from './usage-error';

export interface SampleOptions {
  json: boolean;
  runId: string | undefined;
  n?: string | undefined;
  out?: string | undefined;
  format?: string | undefined;
  seed?: string | undefined;
  temperature?: string | undefined;
  runs?: string | undefined;
}

/** Most samples one command writes. */
export const MAX_SAMPLES = 100_000;
/** Codes decoded at once. */
const BATCH = 256;
const FORMATS = ['png', 'npy'] as const;
const WRITES_AT_ONCE = 16;

export async function sampleCommand(options: SampleOptions): Promise<number> {
  if (!options.runId) throw new UsageError('sample needs the run id of a vae, conv-vae, aae or dcgan run (see `latent runs`).');
  if (options.out === undefined) throw new UsageError('sample needs --out DIR, the folder to write the samples into.');
  const n = integer('--n', options.n ?? '100', 1, MAX_SAMPLES);
  const seed = integer('--seed', options.seed ?? '1', 0, 2 ** 32 - 1);
  const temperature = options.temperature === undefined ? 1 : Number(options.temperature);
  if (options.temperature?.trim() === '' || !(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
    throw new UsageError(`--temperature must be a number from 0 to ${MAX_TEMPERATURE}, not "${options.temperature}".`);
  }
  const format = options.format ?? 'png';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be png or npy, not "${format}".`);
  const out = resolve(options.out);
  const store = new RunStore(options.runs ?? join(defaultDataDir(), 'runs'));
  const record = await store.read(options.runId).catch(() => {
    throw new UsageError(`There is no readable run ${options.runId} in ${store.root}.`);
  });

  await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) });
  const models = new RunModels(store, new DatasetRegistry(defaultDataDir()));
  try {
    const handle = await generativeModel({ runModels: models }, record.id);
    const { model, dataset, weights } = handle;
    const { width, height, channels } = dataset.summary;
    const pixels = width * height * channels;
    process.stderr.write(`Sampling ${n} images from run ${record.id} (${record.config.model}, ${weights}), seed ${seed}, temperature ${temperature}\n`);
    const started = performance.now();
    const codes = priorCodes(n, model.latentDim, seed, temperature);
    const values = new Float32Array(n * pixels);
    for (let from = 0; from < n; from += BATCH) {
      const to = Math.min(from + BATCH, n);
      const images = tf.tidy(() => model.decode(tf.tensor2d(codes.subarray(from * model.latentDim, to * model.latentDim), [to - from, model.latentDim])));
      values.set((await images.data()) as Float32Array, from * pixels);
      images.dispose();
      progress(to, n);
    }
    await mkdir(out, { recursive: true });
    const files: string[] = [];
    if (format === 'npy') {
      files.push(join(out, 'samples.npy'));
      await writeFileAtomic(files[0]!, encodeNpyFloat32(values, [n, height, width, channels]));
    } else {
      const digits = Math.max(4, String(n - 1).length);
      const write = async (i: number): Promise<void> => {
        const bytes = new Uint8Array(pixels);
        for (let k = 0; k < pixels; k++) bytes[k] = Math.round(values[i * pixels + k]! * 255);
        await writeFileAtomic(files[i]!, encodePng(bytes, width, height, channels));
      };
      for (let i = 0; i < n; i++) files.push(join(out, `sample-${String(i).padStart(digits, '0')}.png`));
      // each atomic write waits for its fsync: a few at once keep the disk busy
      for (let from = 0; from < n; from += WRITES_AT_ONCE) {
        await Promise.all(Array.from({ length: Math.min(WRITES_AT_ONCE, n - from) }, (_, k) => write(from + k)));
      }
    }
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`Wrote ${n} samples (${format}) to ${out} in ${seconds.toFixed(1)} s\n`);
    const line = { count: n, out, format, first: files[0], runId: record.id, model: record.config.model, seed, temperature, width, height, channels, weights, seconds: Number(seconds.toFixed(3)) };
    if (options.json) process.stdout.write(JSON.stringify(line) + '\n');
    else process.stdout.write(`${n} samples in ${out}\n`);
    return 0;
  } finally {
    models.dispose();
  }
}

/** An integer flag in [min, max]; a UsageError naming the flag otherwise. */
function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not "${text}".`);
  return value;
}

/** A bar rewritten in place on a terminal; nothing in a log. */
function progress(done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  const bar = '#'.repeat(Math.round((done / total) * 24)).padEnd(24, '.');
  process.stderr.write(`\r[${bar}] ${done}/${total} decoded${done === total ? '\n' : ''}`);
}
