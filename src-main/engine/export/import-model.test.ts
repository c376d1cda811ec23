// Export -> import round trips: the imported run answers exactly as the original did, trains
// on, and bad folders are refused with a sentence while nothing appears on disk.
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import { gatherBatch } from '../data/image-set';
import type { DatasetRegistry } from '../data/registry';
import { RunModels } from '../inference/run-models';
import { RunStore } from '../runs/run-store';
import { blobSet, trainedRun } from './export-fixture';
import type { ExportPart } from './export-graph';
import { checkInputs, exportRunModel, referenceOutput } from './export-model';
import { importExportedModel, importRunFolder } from './import-model';
import { saveCheckpoint } from '../training/checkpoint-store';
import { disposeState } from '../models';

const root = mkdtempSync(join(tmpdir(), 'latent-import-'));
const dataset = blobSet(60);
// the registry of a machine that has the blobs dataset
const datasets = { open: async (id: string) => (id === 'blobs' ? dataset : Promise.reject(new Error('no such dataset'))) } as unknown as DatasetRegistry;

beforeAll(async () => {
  expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
});

/** Exports `parts` of a fresh `kind` run; returns the folders and the original's outputs. */
async function exported(kind: Parameters<typeof trainedRun>[0], parts: ExportPart[]) {
  const { handle, record } = await trainedRun(kind, dataset);
  const dirs: string[] = [];
  for (const part of parts) {
    const dir = join(root, `${kind}-${part}-${Math.random().toString(36).slice(2)}`);
    await exportRunModel(handle, record, part, 'tfjs', dir);
    dirs.push(dir);
  }
  // what the original answers: reconstructions (or a GAN's images of fixed noise)
  const part: ExportPart = kind === 'dcgan' ? 'decoder' : 'model';
  const x = checkInputs(handle, part);
  const want = referenceOutput(handle.model, part, x).dataSync();
  handle.model.dispose();
  return { dirs, x, want, part };
}

describe('import of tfjs exports', () => {
  it.each([
    ['dense-ae', ['model']],
    ['conv-ae', ['encoder', 'decoder']],
    ['vae', ['encoder', 'decoder']],
    ['aae', ['model']],
    ['dcgan', ['decoder']],
  ] as const)('%s from %j: a new run whose outputs equal the original bit for bit', async (kind, parts) => {
    const { dirs, x, want, part } = await exported(kind, [...parts]);
    const store = new RunStore(join(root, `runs-${kind}`));
    const result = await importExportedModel(dirs, store, datasets, 'wasm');
    expect(result).toMatchObject({ family: kind, from: `20260101T000000Z-${kind}`, parts });
    const record = await store.read(result.runId);
    expect(record).toMatchObject({ status: 'completed', epochsDone: 1, config: { model: kind, latentDim: 4 } });
    const models = new RunModels(store, datasets);
    const { model } = await models.get(result.runId);
    const got = referenceOutput(model, part, x).dataSync();
    expect(Array.from(got)).toEqual(Array.from(want));
    // and it trains on from there
    const images = tf.tensor2d(gatherBatch(dataset, dataset.trainIndices), [dataset.trainIndices.length, 784]);
    const metrics = model.trainStep(images, { epoch: 2 });
    expect(Number.isFinite(metrics.loss.dataSync()[0])).toBe(true);
    tf.dispose([images, ...Object.values(metrics)]);
    x.dispose();
    models.dispose();
  });

  it('refuses a VAE full model (no log-variance head), saying what to export', async () => {
    const { dirs, x } = await exported('vae', ['model']);
    x.dispose();
    const store = new RunStore(join(root, 'runs-refused'));
    await expect(importExportedModel(dirs, store, datasets, 'wasm')).rejects.toThrow(/A vae is rebuilt from its encoder and its decoder/);
    expect(() => readdirSync(store.root)).toThrow();
  });

  it('refuses truncated weights, another dataset shape, ONNX and mixed runs, writing nothing', async () => {
    const { dirs, x } = await exported('dense-ae', ['model']);
    x.dispose();
    const store = new RunStore(join(root, 'runs-bad'));
    const copy = (edit: (dir: string) => void): string => {
      const dir = join(root, `bad-${Math.random().toString(36).slice(2)}`);
      cpSync(dirs[0]!, dir, { recursive: true });
      edit(dir);
      return dir;
    };
    const editMeta = (dir: string, change: (m: Record<string, unknown>) => void) => {
      const meta = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
      change(meta);
      writeFileSync(join(dir, 'metadata.json'), JSON.stringify(meta));
    };
    const truncated = copy((d) => truncateSync(join(d, 'group1-shard1of1.bin'), 1000));
    await expect(importExportedModel([truncated], store, datasets, 'wasm')).rejects.toThrow(/The weight files in .*hold 1000 bytes but model\.json expects/);
    const wide = copy((d) => editMeta(d, (m) => (m['imageShape'] = { width: 32, height: 32, channels: 1 })));
    await expect(importExportedModel([wide], store, datasets, 'wasm')).rejects.toThrow(/takes 32x32x1 images, but blobs here has 28x28x1/);
    const onnx = copy((d) => editMeta(d, (m) => (m['format'] = 'onnx (opset 13)')));
    await expect(importExportedModel([onnx], store, datasets, 'wasm')).rejects.toThrow(/only tfjs exports can be imported/);
    const elsewhere = copy((d) => editMeta(d, (m) => ((m['config'] as Record<string, unknown>)['datasetId'] = 'fashion-mnist')));
    await expect(importExportedModel([elsewhere], store, datasets, 'wasm')).rejects.toThrow(/trained on fashion-mnist, which this machine does not have/);
    const other = copy((d) => editMeta(d, (m) => (m['runId'] = 'another')));
    await expect(importExportedModel([dirs[0]!, other], store, datasets, 'wasm')).rejects.toThrow(/come from different runs/);
    const again = copy(() => {});
    await expect(importExportedModel([dirs[0]!, again], store, datasets, 'wasm')).rejects.toThrow(`Two of these folders hold run 20260101T000000Z-dense-ae's model (${dirs[0]}, ${again}); import one export of each part.`);
    const strangeId = copy((d) => editMeta(d, (m) => (m['runId'] = 'a/../b')));
    await expect(importExportedModel([strangeId], store, datasets, 'wasm')).rejects.toThrow(/is not an export's metadata/);
    // a latent size that differs from the weights: shapes do not fit
    const smaller = copy((d) => editMeta(d, (m) => ((m['config'] as Record<string, unknown>)['latentDim'] = 3)));
    await expect(importExportedModel([smaller], store, datasets, 'wasm')).rejects.toThrow(/weights in .* \[.*\] do not fit this model/);
    await expect(importExportedModel([join(root, 'nowhere')], store, datasets, 'wasm')).rejects.toThrow(/has no metadata.json/);
    expect(() => readdirSync(store.root)).toThrow();
    expect(readdirSync(root).filter((n) => n.startsWith('.import-'))).toEqual([]);
  });
});

describe('import of a run folder from another machine', () => {
  /** A run folder as another machine wrote it: run.json and a best checkpoint. */
  async function otherMachineRun(status: 'completed' | 'running' = 'completed') {
    const { handle, record } = await trainedRun('conv-ae', dataset);
    const dir = join(root, `elsewhere-${Math.random().toString(36).slice(2)}`, record.id);
    const groups = await handle.model.saveState();
    await saveCheckpoint(dir, 'best', { epoch: 1, valLoss: 0.5, groups, meta: {} });
    disposeState(groups);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...record, status, pid: 12345 }));
    const x = checkInputs(handle, 'model');
    const want = referenceOutput(handle.model, 'model', x).dataSync();
    handle.model.dispose();
    return { dir, record, x, want };
  }

  it('copies a checked run under its own id; it answers as before, and a running one is marked stopped', async () => {
    const { dir, record, x, want } = await otherMachineRun('running');
    const store = new RunStore(join(root, 'runs-folder'));
    const result = await importRunFolder(dir, store, datasets);
    expect(result).toEqual({ runId: record.id, dir: store.dirOf(record.id), family: 'conv-ae', checkpoints: ['best'], status: 'stopped' });
    expect(await store.read(record.id)).toMatchObject({ status: 'stopped', message: expect.stringMatching(/training elsewhere/) });
    const models = new RunModels(store, datasets);
    const got = referenceOutput((await models.get(record.id)).model, 'model', x).dataSync();
    expect(Array.from(got)).toEqual(Array.from(want));
    x.dispose();
    models.dispose();
    await expect(importRunFolder(dir, store, datasets)).rejects.toThrow(`Run ${record.id} is already here`);
  });

  it('copies a folder given by path, leaving it where it is; moves one asked to (an upload)', async () => {
    const { dir, record, x } = await otherMachineRun();
    x.dispose();
    const best = join('checkpoints', 'best', 'autoencoder.bin');
    const ino = statSync(join(dir, best)).ino;
    const copied = new RunStore(join(root, `runs-copied-${Math.random().toString(36).slice(2)}`));
    await importRunFolder(dir, copied, datasets);
    expect(statSync(join(dir, best)).ino).toBe(ino);
    expect(statSync(join(copied.dirOf(record.id), best)).ino).not.toBe(ino);
    const moved = new RunStore(join(root, `runs-moved-${Math.random().toString(36).slice(2)}`));
    await importRunFolder(dir, moved, datasets, { move: true });
    expect(existsSync(dir)).toBe(false);
    expect(statSync(join(moved.dirOf(record.id), best)).ino).toBe(ino);
    expect(await moved.read(record.id)).toMatchObject({ id: record.id, status: 'completed' });
  });

  it('refuses a run folder holding a symbolic link, in one sentence, copying and moving nothing', async () => {
    const { dir, record, x } = await otherMachineRun();
    x.dispose();
    // checkpoints/ pointing elsewhere: training would write outside the data directory
    const outside = join(root, `outside-${Math.random().toString(36).slice(2)}`);
    renameSync(join(dir, 'checkpoints'), outside);
    symlinkSync(outside, join(dir, 'checkpoints'));
    const sentence = `Run ${record.id}'s folder holds a symbolic link (checkpoints); replace it with the files it points to and import again.`;
    const store = new RunStore(join(root, 'runs-linked'));
    await expect(importRunFolder(dir, store, datasets)).rejects.toThrow(sentence);
    await expect(importRunFolder(dir, store, datasets, { move: true })).rejects.toThrow(sentence);
    expect(() => readdirSync(store.root)).toThrow();
    expect(lstatSync(join(dir, 'checkpoints')).isSymbolicLink()).toBe(true);
  });

  it('two imports of the same run folder at once: one makes the run, the other says it is here, no staging left', async () => {
    const { dir, record, x } = await otherMachineRun();
    x.dispose();
    const parent = join(root, `concurrent-${Math.random().toString(36).slice(2)}`);
    const store = new RunStore(join(parent, 'runs'));
    const outcomes = await Promise.allSettled([importRunFolder(dir, store, datasets), importRunFolder(dir, store, datasets)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as Error).message).toBe(`Run ${record.id} is already here (${store.dirOf(record.id)}).`);
    expect(await store.read(record.id)).toMatchObject({ id: record.id });
    expect(readdirSync(parent)).toEqual(['runs']);
  });

  it('a crashed import\'s old staging folder is deleted by the first import, a young one is left alone', async () => {
    const { dir, record, x } = await otherMachineRun();
    x.dispose();
    const parent = join(root, `crashed-${Math.random().toString(36).slice(2)}`);
    const old = join(parent, `.import-${record.id}`);
    mkdirSync(join(old, 'checkpoints'), { recursive: true });
    // what a copy killed halfway leaves: run.json and part of the checkpoints
    writeFileSync(join(old, 'run.json'), '{');
    writeFileSync(join(old, 'checkpoints', 'half.bin'), 'x');
    const then = new Date(Date.now() - 3_600_000);
    for (const path of [join(old, 'run.json'), join(old, 'checkpoints', 'half.bin'), join(old, 'checkpoints'), old]) utimesSync(path, then, then);
    mkdirSync(join(parent, '.import-another-engine-at-work'));
    const store = new RunStore(join(parent, 'runs'));
    await importRunFolder(dir, store, datasets);
    expect(readdirSync(parent).sort()).toEqual(['.import-another-engine-at-work', 'runs']);
    expect(readdirSync(join(store.dirOf(record.id), 'checkpoints'))).toEqual(['best']);
  });

  it('refuses a damaged checkpoint, naming the file, and copies nothing', async () => {
    const { dir, x } = await otherMachineRun();
    x.dispose();
    truncateSync(join(dir, 'checkpoints', 'best', 'autoencoder.bin'), 64);
    const store = new RunStore(join(root, 'runs-damaged'));
    await expect(importRunFolder(dir, store, datasets)).rejects.toThrow(/autoencoder\.bin/);
    expect(() => readdirSync(store.root)).toThrow();
  });
});
