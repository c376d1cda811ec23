// `latent export`, called as the CLI calls it, on a real run folder trained for one short epoch.
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TrainingConfig } from '../protocol';
import { selectBackend } from '../engine/backend';
import { DatasetRegistry } from '../engine/data/registry';
import { gatherBatch } from '../engine/data/image-set';
import { fileLoadHandler } from '../engine/export/tfjs-files';
import { RunModels } from '../engine/inference/run-models';
import { startRecordedTraining } from '../engine/runs/recorded-training';
import { RunStore } from '../engine/runs/run-store';
import { exportCommand, importModelCommand, neighboursCommand } from './export';
import type { ExportOptions } from './export';

const home = mkdtempSync(join(tmpdir(), 'latent-export-cli-'));
const previousHome = process.env.LATENT_HOME;
let runId: string;

beforeAll(async () => {
  process.env.LATENT_HOME = home;
  await selectBackend({ preferred: 'wasm' });
  const dataset = await new DatasetRegistry(home).open('mnist-10k');
  const config = TrainingConfig.parse({ datasetId: 'mnist-10k', model: 'dense-ae', epochs: 1, latentDim: 4, maxTrainSamples: 256, batchSize: 64 });
  const run = startRecordedTraining({ config, dataset, backend: 'wasm', store: new RunStore(join(home, 'runs')), signal: new AbortController().signal, emit: () => {} });
  await run.done;
  runId = run.runId;
}, 120_000);

afterAll(() => {
  if (previousHome === undefined) delete process.env.LATENT_HOME;
  else process.env.LATENT_HOME = previousHome;
});

/** Runs a command with stdout and stderr captured; its one stdout line parsed as JSON. */
async function captured(command: () => Promise<number>): Promise<{ code: number; result: Record<string, unknown>; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  try {
    const code = await command();
    const lines = out.join('').trim().split('\n');
    // stdout carries JSON only
    expect(lines).toHaveLength(1);
    return { code, result: JSON.parse(lines[0]!), stderr: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

const exportJson = (options: Omit<ExportOptions, 'json' | 'runId'>) => captured(() => exportCommand({ json: true, runId, ...options }));

describe('latent export', () => {
  it('--what decoder --format tfjs: model.json and shards that tf.loadLayersModel reads, equal to the run', async () => {
    const out = join(home, 'decoder');
    const { code, result, stderr } = await exportJson({ what: 'decoder', format: 'tfjs', out });
    expect(code).toBe(0);
    expect(stderr).toMatch(/Exporting the decoder of run .* as tfjs/);
    expect(result).toMatchObject({ format: 'tfjs', what: 'decoder', dir: out, runId });
    expect(result['files']).toEqual(['group1-shard1of1.bin', 'model.json', 'metadata.json'].map((f) => join(out, f)));
    expect(JSON.parse(readFileSync(join(out, 'metadata.json'), 'utf8'))).toMatchObject({ family: 'dense-ae', latentDim: 4, dataset: { id: 'mnist-10k' }, epochs: 1 });
    const loaded = await tf.loadLayersModel(fileLoadHandler(out));
    const models = new RunModels(new RunStore(join(home, 'runs')), new DatasetRegistry(home));
    const { model } = await models.get(runId);
    const z = tf.randomNormal([5, 4], 0, 1, 'float32', 3);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(loaded.predict(z) as tf.Tensor, model.decode(z as tf.Tensor2D)))).dataSync()[0]!);
    expect(diff).toBeLessThanOrEqual(1e-5);
    tf.dispose(z);
    loaded.dispose();
    models.dispose();
  });

  it('--what model --format onnx: onnxruntime reconstructs digits as the run does', async () => {
    const out = join(home, 'model-onnx');
    const { result } = await exportJson({ what: 'model', format: 'onnx', out });
    expect(result['files']).toEqual([join(out, 'model.onnx'), join(out, 'metadata.json')]);
    const session = await ort.InferenceSession.create(join(out, 'model.onnx'));
    const dataset = await new DatasetRegistry(home).open('mnist-10k');
    const x = gatherBatch(dataset, [0, 5, 10]);
    const answer = await session.run({ image: new ort.Tensor('float32', x, [3, 784]) });
    const models = new RunModels(new RunStore(join(home, 'runs')), new DatasetRegistry(home));
    const { model } = await models.get(runId);
    const want = tf.tidy(() => model.reconstruct!(tf.tensor2d(x, [3, 784])).dataSync());
    const got = answer['reconstruction']!.data as Float32Array;
    expect(Math.max(...got.map((v, i) => Math.abs(v - want[i]!)))).toBeLessThanOrEqual(1e-4);
    await session.release();
    models.dispose();
  });

  it('--what embeddings --format projector --projection: the Projector folder for the val split', async () => {
    const out = join(home, 'projector');
    const { result } = await exportJson({ what: 'embeddings', format: 'projector', out, projection: true });
    expect(result).toMatchObject({ format: 'projector', what: 'embeddings', split: 'val', count: 2000, dim: 4 });
    expect(readdirSync(out).sort()).toEqual(['metadata.tsv', 'projection.tsv', 'projector_config.json', 'sprite.png', 'vectors.tsv']);
    expect(readFileSync(join(out, 'vectors.tsv'), 'utf8').trim().split('\n')).toHaveLength(2000);
  });

  it('--what report: one HTML file with the run\'s curves and pictures', async () => {
    const out = join(home, 'report');
    const { result } = await exportJson({ what: 'report', out });
    expect(result).toMatchObject({ format: 'html', what: 'report', files: [join(out, 'report.html')] });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('dense autoencoder on MNIST');
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(1);
    expect(html).toContain('Validation images (top) and their reconstructions (bottom).');
  });

  it('defaults: the first format of the kind, into the data directory exports/ folder', async () => {
    const { result } = await exportJson({ what: 'encoder' });
    expect(result['format']).toBe('tfjs');
    expect(result['dir']).toMatch(new RegExp(`^${join(home, 'exports', runId)}-encoder-tfjs-`));
  });

  it.each([
    [{ what: 'embeddings', format: 'onnx' }, /--format must be projector, npy or csv here, not "onnx"/],
    [{ format: 'tfjs' }, /export needs --what: encoder, decoder, model, embeddings or report\./],
    [{ what: 'decoder', split: 'train' }, /--split and --projection apply to --what embeddings only/],
    [{ what: 'embeddings', split: 'test' }, /--split must be train, val or all here/],
  ])('refuses %o with one sentence', async (options, message) => {
    await expect(exportCommand({ json: true, runId, ...options } as ExportOptions)).rejects.toThrow(message);
  });

  it('refuses an unknown run', async () => {
    await expect(exportCommand({ json: true, runId: 'nope', what: 'decoder', format: 'tfjs' })).rejects.toThrow(/no readable run nope/);
  });
});

describe('latent import-model', () => {
  it('makes a tfjs model export a new run that reconstructs exactly as the original', async () => {
    const out = join(home, 'model-tfjs');
    await exportJson({ what: 'model', format: 'tfjs', out });
    const { code, result } = await captured(() => importModelCommand({ json: true, dirs: [out] }));
    expect(code).toBe(0);
    expect(result).toMatchObject({ family: 'dense-ae', from: runId, parts: ['model'] });
    const models = new RunModels(new RunStore(join(home, 'runs')), new DatasetRegistry(home));
    const original = (await models.get(runId)).model;
    const imported = (await models.get(result['runId'] as string)).model;
    const dataset = await new DatasetRegistry(home).open('mnist-10k');
    const x = tf.tensor2d(gatherBatch(dataset, [0, 1, 2, 3]), [4, 784]);
    const [a, b] = [original.reconstruct!(x), imported.reconstruct!(x)];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    models.dispose();
  });

  it('copies a run folder (the one holding run.json) under its own id', async () => {
    const runs = join(home, 'runs-elsewhere');
    const { result } = await captured(() => importModelCommand({ json: true, dirs: [join(home, 'runs', runId)], runs }));
    expect(result).toMatchObject({ runId, dir: join(runs, runId), family: 'dense-ae', checkpoints: ['best', 'last'], from: join(home, 'runs', runId), kind: 'run-folder' });
    expect(result['message']).toBe(`Copied the run folder ${join(home, 'runs', runId)} with its best and last checkpoints, optimizer state included.`);
    expect(readdirSync(join(runs, runId))).toContain('run.json');
  });

  it('finds the exports in the parent folder of encoder/ and decoder/', async () => {
    const parent = join(home, 'both-parts');
    await exportJson({ what: 'encoder', format: 'tfjs', out: join(parent, 'encoder') });
    await exportJson({ what: 'decoder', format: 'tfjs', out: join(parent, 'decoder') });
    const runs = join(home, 'runs-parent');
    const { result } = await captured(() => importModelCommand({ json: true, dirs: [parent], runs }));
    expect(result).toMatchObject({ family: 'dense-ae', from: runId, parts: ['encoder', 'decoder'], kind: 'export', dir: join(runs, result['runId'] as string) });
    expect(result['message']).toContain(`(${join(parent, 'encoder')}, ${join(parent, 'decoder')})`);
  });

  it('refuses a folder of several run folders, naming them, and a folder that is not there', async () => {
    const runs = join(home, 'runs-elsewhere');
    const parent = join(home, 'two-runs');
    for (const copy of ['a', 'b']) cpSync(join(home, 'runs', runId), join(parent, copy, runId), { recursive: true });
    await expect(importModelCommand({ json: true, dirs: [parent], runs })).rejects.toThrow(
      `${parent} holds 2 run folders (${join(parent, 'a', runId)}, ${join(parent, 'b', runId)}); pick one run folder.`,
    );
    await expect(importModelCommand({ json: true, dirs: [join(home, 'nowhere')], runs })).rejects.toThrow(`${join(home, 'nowhere')} does not exist on the engine's machine; give the full path of a folder there.`);
  });

  it('refuses an ONNX export and no folder, each with one sentence', async () => {
    const onnx = join(home, 'import-onnx');
    await exportJson({ what: 'decoder', format: 'onnx', out: onnx });
    await expect(importModelCommand({ json: true, dirs: [onnx] })).rejects.toThrow(/only tfjs exports can be imported/);
    await expect(importModelCommand({ json: true, dirs: [] })).rejects.toThrow(/import-model needs the folders/);
  });
});

describe('latent neighbours', () => {
  // axes: royalty, gender (+1 male), fruit
  const glove = join(home, 'glove.txt');
  writeFileSync(glove, 'king 1 1 0\nqueen 1 -1 0\nman 0 1 0.1\nwoman 0 -1 0.1\napple 0 0 1\n');

  it('--query "king - man + woman" answers queen; --word lists the nearest words', async () => {
    const { result } = await captured(() => neighboursCommand({ json: true, file: glove, query: 'king - man + woman', k: '1' }));
    expect(result).toMatchObject({ count: 5, dim: 3, query: { plus: ['king', 'woman'], minus: ['man'] } });
    expect((result['neighbours'] as { word: string }[]).map((n) => n.word)).toEqual(['queen']);
    const near = await captured(() => neighboursCommand({ json: true, file: glove, word: 'king', k: '2' }));
    expect((near.result['neighbours'] as { word: string; similarity: number }[]).map((n) => n.word)).toEqual(['man', 'queen']);
  });

  it('looks up a Projector export by its metadata (the image index)', async () => {
    const out = join(home, 'neighbours-projector');
    await exportJson({ what: 'embeddings', format: 'projector', out });
    const { result } = await captured(() => neighboursCommand({ json: true, file: join(out, 'vectors.tsv'), word: '5', k: '3' }));
    expect(result['count']).toBe(2000);
    expect((result['neighbours'] as unknown[]).length).toBe(3);
  });

  it.each([
    [{ word: 'prince' }, /"prince" is not in the vocabulary/],
    [{}, /needs one of --word WORD or --query/],
    [{ word: 'king', k: '0' }, /--k must be a whole number from 1 to 1000/],
  ])('refuses %o with one sentence', async (options, message) => {
    await expect(neighboursCommand({ json: true, file: glove, ...options })).rejects.toThrow(message);
  });

  it('refuses a file with a non-numeric row, naming the line', async () => {
    const bad = join(home, 'bad.txt');
    writeFileSync(bad, 'king 1 2\nqueen 1 x\n');
    await expect(neighboursCommand({ json: true, file: bad, word: 'king' })).rejects.toThrow('bad.txt, line 2: "x" is not a number');
  });
});
