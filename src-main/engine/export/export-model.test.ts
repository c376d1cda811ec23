// Every family's exportable parts, in both formats, loaded back by the tools users will use
// (tf.loadLayersModel, onnxruntime) and compared with the run's own model.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import type { RunModel } from '../inference/run-models';
import type { RunRecord } from '../runs/run-record';
import { blobSet, trainedRun } from './export-fixture';
import type { ExportPart } from './export-graph';
import { checkInputs, exportRunModel, maxDifference, referenceOutput } from './export-model';
import { fileLoadHandler } from './tfjs-files';

const root = mkdtempSync(join(tmpdir(), 'latent-export-'));
const dataset = blobSet(60);

beforeAll(async () => {
  expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
});

const CASES: Array<{ kind: Parameters<typeof trainedRun>[0]; parts: ExportPart[] }> = [
  { kind: 'dense-ae', parts: ['encoder', 'decoder', 'model'] },
  { kind: 'conv-ae', parts: ['encoder', 'decoder', 'model'] },
  { kind: 'vae', parts: ['encoder', 'decoder', 'model'] },
  { kind: 'conv-vae', parts: ['encoder', 'decoder'] },
  { kind: 'aae', parts: ['encoder', 'decoder'] },
  { kind: 'dcgan', parts: ['decoder'] },
];

describe.each(CASES)('$kind', ({ kind, parts }) => {
  let run: { handle: RunModel; record: RunRecord };
  beforeAll(async () => {
    run = await trainedRun(kind, dataset);
  });
  afterAll(() => run.handle.model.dispose());

  it.each(parts)('%s: tfjs files load with tf.loadLayersModel and answer as the run does (1e-5)', async (part) => {
    const dir = join(root, `${kind}-${part}-tfjs`);
    const result = await exportRunModel(run.handle, run.record, part, 'tfjs', dir);
    expect(result.files).toEqual(['group1-shard1of1.bin', 'model.json', 'metadata.json']);
    expect(readdirSync(dir).sort()).toEqual(['group1-shard1of1.bin', 'metadata.json', 'model.json']);
    const loaded = await tf.loadLayersModel(fileLoadHandler(dir));
    const x = checkInputs(run.handle, part);
    const expected = referenceOutput(run.handle.model, part, x);
    const out = loaded.predict(x);
    const first = Array.isArray(out) ? out[0]! : out;
    expect(await maxDifference(first, expected)).toBeLessThanOrEqual(1e-5);
    // a VAE encoder keeps its log-variance head too
    expect(loaded.outputNames).toEqual(part === 'encoder' ? (kind.includes('vae') ? ['mu', 'log_var'] : ['code']) : [part === 'decoder' ? 'image' : 'reconstruction']);
    tf.dispose([x, expected, out]);
    loaded.dispose();
    const meta = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
    expect(meta).toMatchObject({ part, family: kind, format: 'tfjs-layers-model', latentDim: 4, epochs: 1, dataset: { id: 'blobs' }, imageShape: { width: 28, height: 28, channels: 1 } });
    expect(meta.input.shape).toEqual([null, part === 'decoder' ? 4 : 784]);
  });

  it.each(parts)('%s: ONNX runs in onnxruntime and matches tfjs (1e-4)', async (part) => {
    const dir = join(root, `${kind}-${part}-onnx`);
    const result = await exportRunModel(run.handle, run.record, part, 'onnx', dir);
    expect(result.files).toEqual(['model.onnx', 'metadata.json']);
    const session = await ort.InferenceSession.create(join(dir, 'model.onnx'));
    const x = checkInputs(run.handle, part);
    const expected = referenceOutput(run.handle.model, part, x);
    const feeds = { [session.inputNames[0]!]: new ort.Tensor('float32', x.dataSync() as Float32Array, x.shape) };
    const answers = await session.run(feeds);
    const got = answers[session.outputNames[0]!]!;
    expect(got.dims).toEqual(expected.shape);
    const want = expected.dataSync();
    let worst = 0;
    (got.data as Float32Array).forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]!))));
    expect(worst).toBeLessThanOrEqual(1e-4);
    tf.dispose([x, expected]);
    await session.release();
  });
});

describe('refusals', () => {
  it('a dcgan has no encoder: one sentence, nothing written', async () => {
    const { handle, record } = await trainedRun('dcgan', dataset);
    const dir = join(root, 'dcgan-encoder');
    await expect(exportRunModel(handle, record, 'encoder', 'tfjs', dir)).rejects.toThrow(/has no encoder.*export the decoder/);
    expect(() => readdirSync(dir)).toThrow();
    handle.model.dispose();
  });

  it('a truncated weight file is refused on load with the byte counts', async () => {
    const { handle, record } = await trainedRun('dense-ae', dataset);
    const dir = join(root, 'truncated');
    await exportRunModel(handle, record, 'decoder', 'tfjs', dir);
    handle.model.dispose();
    const { truncateSync } = await import('node:fs');
    truncateSync(join(dir, 'group1-shard1of1.bin'), 100);
    await expect(tf.loadLayersModel(fileLoadHandler(dir))).rejects.toThrow(/hold 100 bytes.*truncated/);
  });
});
