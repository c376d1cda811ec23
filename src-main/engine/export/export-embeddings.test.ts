// Embedding exports read back as the Projector, numpy and a spreadsheet would read them.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import { gatherBatch } from '../data/image-set';
import type { RunModel } from '../inference/run-models';
import { blobSet, trainedRun } from './export-fixture';
import { exportEmbeddings } from './export-embeddings';

const root = mkdtempSync(join(tmpdir(), 'latent-embeddings-'));
const dataset = blobSet(60);
let handle: RunModel;
/** the run's own codes of the validation images, row by row */
let expected: number[][];

beforeAll(async () => {
  expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
  handle = (await trainedRun('dense-ae', dataset, 3)).handle;
  const x = tf.tensor2d(gatherBatch(dataset, dataset.valIndices), [dataset.valIndices.length, 784]);
  const codes = handle.model.encode!(x);
  expected = (await codes.array()) as number[][];
  tf.dispose([x, codes]);
});
afterAll(() => handle.model.dispose());

/** Parses an NPY file: header dict and the data as the right typed array. */
function readNpy(file: Buffer): { descr: string; shape: number[]; data: ArrayLike<number> } {
  expect(file.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
  const length = file.readUInt16LE(8);
  const header = file.subarray(10, 10 + length).toString('latin1');
  expect((10 + length) % 64).toBe(0);
  const descr = /'descr': '([^']+)'/.exec(header)![1]!;
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const body = file.subarray(10 + length);
  const copy = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  const data = descr === '<f4' ? new Float32Array(copy) : descr === '<i4' ? new Int32Array(copy) : new Uint8Array(copy);
  return { descr, shape, data };
}

describe('embedding exports', () => {
  it('projector: vectors, metadata, sprite and a config that points at them', async () => {
    const dir = join(root, 'projector');
    const progress: number[] = [];
    const result = await exportEmbeddings(handle, dir, { format: 'projector', split: 'val', projection: true, onProgress: (done) => progress.push(done) });
    expect(result).toMatchObject({ count: 12, dim: 3, note: null });
    expect(progress.at(-1)).toBe(12);
    expect(readdirSync(dir).sort()).toEqual(['metadata.tsv', 'projection.tsv', 'projector_config.json', 'sprite.png', 'vectors.tsv']);
    const rows = readFileSync(join(dir, 'vectors.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t').map(Number));
    expect(rows).toHaveLength(12);
    rows.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[r]![c]!, 6)));
    const meta = readFileSync(join(dir, 'metadata.tsv'), 'utf8').trim().split('\n');
    expect(meta[0]).toBe('index\tlabel');
    expect(meta.slice(1)).toEqual([...dataset.valIndices].map((i) => `${i}\t${i % 10}`));
    const config = JSON.parse(readFileSync(join(dir, 'projector_config.json'), 'utf8'));
    expect(config.embeddings).toHaveLength(2);
    for (const e of config.embeddings) {
      for (const path of [e.tensorPath, e.metadataPath, e.sprite.imagePath]) expect(readdirSync(dir)).toContain(path);
      expect(e.sprite.singleImageDim).toEqual([28, 28]);
    }
    expect(config.embeddings[0].tensorShape).toEqual([12, 3]);
    // 12 thumbnails: a 4 x 4 grid; the first is the first validation image
    const sprite = PNG.sync.read(readFileSync(join(dir, 'sprite.png')));
    expect([sprite.width, sprite.height]).toEqual([112, 112]);
    const first = dataset.valIndices[0]! * 784;
    for (const [y, x] of [[14, 14], [3, 20], [27, 0]] as const) expect(sprite.data[(y * 112 + x) * 4]).toBe(dataset.images[first + y * 28 + x]);
  });

  it('npy: codes, indices, labels and projection with the right dtypes and shapes', async () => {
    const dir = join(root, 'npy');
    const result = await exportEmbeddings(handle, dir, { format: 'npy', split: 'train', projection: true });
    expect(result.files).toEqual(['codes.npy', 'indices.npy', 'labels.npy', 'projection.npy']);
    const codes = readNpy(readFileSync(join(dir, 'codes.npy')));
    expect(codes).toMatchObject({ descr: '<f4', shape: [48, 3] });
    expect(readNpy(readFileSync(join(dir, 'indices.npy')))).toMatchObject({ descr: '<i4', shape: [48] });
    const labels = readNpy(readFileSync(join(dir, 'labels.npy')));
    expect(labels.descr).toBe('|u1');
    expect(Array.from(labels.data)).toEqual([...dataset.trainIndices].map((i) => i % 10));
    expect(readNpy(readFileSync(join(dir, 'projection.npy'))).shape).toEqual([48, 2]);
  });

  it('csv: one row per image with label and every code dimension', async () => {
    const dir = join(root, 'csv');
    await exportEmbeddings(handle, dir, { format: 'csv', split: 'val', projection: false });
    const [header, ...lines] = readFileSync(join(dir, 'embeddings.csv'), 'utf8').trim().split('\n');
    expect(header).toBe('index,label,class,z0,z1,z2');
    expect(lines).toHaveLength(12);
    const cells = lines[0]!.split(',');
    expect(cells.slice(0, 2)).toEqual(['0', '0']);
    cells.slice(3).forEach((v, c) => expect(Number(v)).toBeCloseTo(expected[0]![c]!, 6));
  });

  it('a model without an encoder is refused with a sentence and writes nothing', async () => {
    const gan = (await trainedRun('dcgan', dataset)).handle;
    const dir = join(root, 'gan');
    await expect(exportEmbeddings(gan, dir, { format: 'csv', split: 'val', projection: false })).rejects.toThrow(/dcgan has no encoder/);
    expect(() => readdirSync(dir)).toThrow();
    gan.model.dispose();
  });
});
