// The engine's export requests: files land under <dataDir>/exports/<id>, embeddings stream
// progress, and files come back for a download only from inside an export's folder.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ExportRequest, WorkbenchError } from '../../protocol';
import { exportMethods } from '../../protocol/export';
import { selectBackend } from '../backend';
import type { DatasetRegistry } from '../data/registry';
import type { EngineContext } from '../engine-context';
import { RunModels } from '../inference/run-models';
import type { RunModel } from '../inference/run-models';
import { disposeState } from '../models';
import type { RunRecord } from '../runs/run-record';
import { RunStore } from '../runs/run-store';
import { saveCheckpoint } from '../training/checkpoint-store';
import { blobSet, trainedRun } from './export-fixture';
import type { ExportPart } from './export-graph';
import { checkInputs, exportRunModel, referenceOutput } from './export-model';
import { exportHandlers } from './export-handlers';

const dataDir = mkdtempSync(join(tmpdir(), 'latent-export-handlers-'));
let run: { handle: RunModel; record: RunRecord };
const events: unknown[] = [];
let handlers: ReturnType<typeof exportHandlers>;

beforeAll(async () => {
  expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
  run = await trainedRun('dense-ae', blobSet(60));
  const context = {
    dataDir,
    runModels: { get: async (id: string) => (id === run.record.id ? run.handle : Promise.reject(new WorkbenchError('not-found', 'no run'))) },
    runs: { read: async () => run.record, readMetrics: async () => [] },
    emit: (event: string, payload: unknown) => events.push({ event, payload }),
  } as unknown as EngineContext;
  handlers = exportHandlers(context);
});
afterAll(() => run.handle.model.dispose());

describe('export handlers', () => {
  it('exportRun writes into exports/<id> and lists the files with their sizes; readExportFile returns them', async () => {
    const result = await handlers.exportRun(ExportRequest.parse({ runId: run.record.id, what: 'decoder', format: 'onnx' }));
    expect(result.exportId).toMatch(new RegExp(`^${run.record.id}-decoder-onnx-\\d{8}T\\d{6}-\\d{3}$`));
    expect(result.dir).toBe(join(dataDir, 'exports', result.exportId));
    expect(result.files.map((f) => f.name)).toEqual(['model.onnx', 'metadata.json']);
    expect(result.files[0]!.bytes).toBeGreaterThan(1000);
    const file = await handlers.readExportFile({ exportId: result.exportId, file: 'model.onnx' });
    expect(file.bytes.byteLength).toBe(result.files[0]!.bytes);
    await expect(handlers.readExportFile({ exportId: result.exportId, file: 'missing.bin' })).rejects.toThrow(/There is no file missing.bin in export/);
  });

  it('an embeddings export streams progress events for its run', async () => {
    events.length = 0;
    const result = await handlers.exportRun(ExportRequest.parse({ runId: run.record.id, what: 'embeddings', format: 'csv', split: 'all' }));
    expect(result.files.map((f) => f.name)).toEqual(['embeddings.csv']);
    expect(events.at(-1)).toEqual({ event: 'exportProgress', payload: { runId: run.record.id, done: 60, total: 60 } });
  });

  it('the contract refuses a format that does not fit, and paths in names', () => {
    expect(ExportRequest.safeParse({ runId: 'r', what: 'encoder', format: 'csv' }).error?.issues[0]?.message).toMatch(/Models export as tfjs or onnx/);
    expect(ExportRequest.safeParse({ runId: 'r', what: 'embeddings', format: 'npy' }).success).toBe(true);
  });
});

// --- imports: uploads and folders on the engine's disk become runs every view can use ---

const importDir = mkdtempSync(join(tmpdir(), 'latent-import-handlers-'));
const blobs = blobSet(60);
const datasets = { open: async (id: string) => (id === 'blobs' ? blobs : Promise.reject(new Error('no such dataset'))) } as unknown as DatasetRegistry;
const store = new RunStore(join(importDir, 'runs'));
const runModels = new RunModels(store, datasets);
const importContext = { dataDir: importDir, runs: store, runModels, datasets, backend: { backend: 'wasm', reason: 'test', versions: {} }, emit: () => {} } as unknown as EngineContext;
const imports = exportHandlers(importContext);
afterAll(() => runModels.dispose());

/** Calls a handler as a transport does: params and result checked by the contract. */
async function call<M extends 'beginModelUpload' | 'uploadModelChunk' | 'cancelModelUpload' | 'importModel'>(method: M, params: unknown): Promise<z.output<(typeof exportMethods)[M]['result']>> {
  const handler = imports[method] as (p: unknown) => Promise<unknown>;
  return exportMethods[method].result.parse(await handler(exportMethods[method].params.parse(params))) as z.output<(typeof exportMethods)[M]['result']>;
}

/** Every file below `dir`, with paths as a browser's folder picker gives them (the folder's own name first). */
function picked(dir: string): { path: string; abs: string; bytes: number }[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => {
      const abs = join(e.parentPath, e.name);
      return { path: [basename(dir), ...relative(dir, abs).split(sep)].join('/'), abs, bytes: statSync(abs).size };
    });
}

/** Uploads `dir` in chunks of `chunk` bytes, one reply awaited at a time as the page does; checks `received`. */
async function upload(dir: string, chunk = 8192): Promise<string> {
  const files = picked(dir);
  const { uploadId } = await call('beginModelUpload', { files: files.map(({ path, bytes }) => ({ path, bytes })) });
  let sent = 0;
  for (const file of files) {
    const data = new Uint8Array(readFileSync(file.abs));
    for (let offset = 0; offset < data.length; offset += chunk) {
      const bytes = data.subarray(offset, offset + chunk);
      sent += bytes.length;
      expect(await call('uploadModelChunk', { uploadId, path: file.path, offset, bytes })).toEqual({ received: sent });
    }
  }
  return uploadId;
}

const uploadsLeft = () => readdirSync(join(importDir, 'uploads'));
const runsHere = async () => (await store.list()).runs.map((r) => r.id).sort();

/** `kind` run's `parts` exported as tfjs into `<parent>/<part>`; the original's reconstructions of fixed inputs. */
async function exportedInto(parent: string, kind: 'vae' | 'dense-ae', parts: ExportPart[]) {
  const { handle, record } = await trainedRun(kind, blobs);
  for (const part of parts) await exportRunModel(handle, record, part, 'tfjs', join(parent, part));
  const x = checkInputs(handle, 'model');
  const want = Array.from(referenceOutput(handle.model, 'model', x).dataSync());
  handle.model.dispose();
  return { record, x, want };
}

/** The imported run's reconstructions, read as every view reads a run's model. */
async function answersOf(runId: string, x: tf.Tensor2D): Promise<number[]> {
  const handle = await importContext.runModels.get(runId);
  return Array.from(referenceOutput(handle.model, 'model', x).dataSync());
}

describe('importModel', () => {
  it('a chunked upload of a VAE\'s encoder and decoder exports (their parent folder picked) becomes a run that reconstructs bit for bit', async () => {
    const parent = join(importDir, 'vae-exports');
    const { record, x, want } = await exportedInto(parent, 'vae', ['encoder', 'decoder']);
    const before = await runsHere();
    const uploadId = await upload(parent, 4096);
    const result = await call('importModel', { source: { kind: 'upload', uploadId } });
    expect(result).toMatchObject({ family: 'vae', kind: 'export', from: record.id, parts: ['encoder', 'decoder'] });
    expect(result.message).toBe(`Imported from run ${record.id}'s encoder and decoder export (vae-exports/encoder, vae-exports/decoder); the optimizer's moments start afresh if training continues.`);
    expect(await runsHere()).toEqual([...before, result.runId].sort());
    expect(await answersOf(result.runId, x)).toEqual(want);
    expect(uploadsLeft()).toEqual([]);
    x.dispose();
  });

  it('an uploaded run folder keeps its id, its status and its answers', async () => {
    const { handle, record } = await trainedRun('dense-ae', blobs);
    const dir = join(importDir, 'elsewhere', record.id);
    const groups = await handle.model.saveState();
    await saveCheckpoint(dir, 'best', { epoch: 1, valLoss: 0.5, groups, meta: {} });
    disposeState(groups);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...record, status: 'interrupted' }));
    const x = checkInputs(handle, 'model');
    const want = Array.from(referenceOutput(handle.model, 'model', x).dataSync());
    handle.model.dispose();
    const uploadId = await upload(dir);
    // the upload is the engine's own copy: moved into the runs, not copied a second time
    const uploaded = statSync(join(importDir, 'uploads', uploadId, record.id, 'checkpoints', 'best', 'autoencoder.bin')).ino;
    const result = await call('importModel', { source: { kind: 'upload', uploadId } });
    expect(statSync(join(store.dirOf(record.id), 'checkpoints', 'best', 'autoencoder.bin')).ino).toBe(uploaded);
    expect(result).toEqual({ runId: record.id, family: 'dense-ae', kind: 'run-folder', from: record.id, parts: ['best'], message: `Copied the run folder ${record.id} with its best checkpoint, optimizer state included. Its training was interrupted; resume it to go on.` });
    expect(await answersOf(record.id, x)).toEqual(want);
    // the same run again: refused, and its upload deleted all the same
    const again = upload(dir).then((uploadId) => call('importModel', { source: { kind: 'upload', uploadId } }));
    await expect(again).rejects.toThrow(`Run ${record.id} is already here`);
    expect(uploadsLeft()).toEqual([]);
    x.dispose();
  });

  it('truncated weights in an upload: one sentence naming the user\'s folder, no run, no upload left', async () => {
    const parent = join(importDir, 'truncated');
    const { x } = await exportedInto(parent, 'dense-ae', ['model']);
    x.dispose();
    truncateSync(join(parent, 'model', 'group1-shard1of1.bin'), 1000);
    const before = await runsHere();
    const uploadId = await upload(parent);
    const error = await call('importModel', { source: { kind: 'upload', uploadId } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('bad-request');
    expect((error as Error).message).toMatch(/^The weight files in truncated\/model hold 1000 bytes but model\.json expects \d+: they are truncated or belong to another model\.$/);
    expect(await runsHere()).toEqual(before);
    expect(uploadsLeft()).toEqual([]);
    expect(readdirSync(importDir).filter((n) => n.startsWith('.import-'))).toEqual([]);
  });

  it('an upload with nothing to import says what was expected, by the picked folder\'s name', async () => {
    const photos = join(importDir, 'photos');
    mkdirSync(photos);
    writeFileSync(join(photos, 'cat.png'), 'not a model');
    const uploadId = await upload(photos);
    await expect(call('importModel', { source: { kind: 'upload', uploadId } })).rejects.toThrow(
      'photos holds no run folder (with run.json) and no model exported by latent export --format tfjs (with metadata.json) within 3 levels; pick the run folder or the export folders.',
    );
    expect(uploadsLeft()).toEqual([]);
  });

  it('refuses an unknown, cancelled or incomplete upload', async () => {
    await expect(call('importModel', { source: { kind: 'upload', uploadId: 'nope' } })).rejects.toThrow('Upload nope is not open');
    const begun = await call('beginModelUpload', { files: [{ path: 'm/a.bin', bytes: 2 }, { path: 'm/empty', bytes: 0 }] });
    await call('uploadModelChunk', { uploadId: begun.uploadId, path: 'm/a.bin', offset: 0, bytes: new Uint8Array(1) });
    expect(await call('cancelModelUpload', { uploadId: begun.uploadId })).toEqual({});
    expect(uploadsLeft()).toEqual([]);
    await expect(call('importModel', { source: { kind: 'upload', uploadId: begun.uploadId } })).rejects.toThrow('is not open');
    const short = await call('beginModelUpload', { files: [{ path: 'm/a.bin', bytes: 2 }] });
    await expect(call('importModel', { source: { kind: 'upload', uploadId: short.uploadId } })).rejects.toThrow('The upload is not complete: 1 of 1 files (first m/a.bin) still miss bytes; pick the folder again.');
    expect(uploadsLeft()).toEqual([]);
  });

  it('folders on the engine\'s disk: the parent of the exports works; a relative path is refused', async () => {
    const parent = join(importDir, 'on-disk');
    const { record, x, want } = await exportedInto(parent, 'dense-ae', ['encoder', 'decoder']);
    const result = await call('importModel', { source: { kind: 'paths', paths: [parent] } });
    expect(result).toMatchObject({ family: 'dense-ae', kind: 'export', from: record.id, parts: ['encoder', 'decoder'] });
    expect(result.message).toContain(`(${join(parent, 'encoder')}, ${join(parent, 'decoder')})`);
    expect(await answersOf(result.runId, x)).toEqual(want);
    x.dispose();
    await expect(call('importModel', { source: { kind: 'paths', paths: ['on-disk'] } })).rejects.toThrow("on-disk is not a full path; give the folder's full path on the engine's machine.");
  });

  it('the contract refuses chunks over 512 KiB and paths that could leave the upload folder', () => {
    const chunk = (bytes: Uint8Array, path = 'm/a.bin') => exportMethods.uploadModelChunk.params.safeParse({ uploadId: 'u1', path, offset: 0, bytes }).success;
    expect(chunk(new Uint8Array(512 * 1024))).toBe(true);
    expect(chunk(new Uint8Array(512 * 1024 + 1))).toBe(false);
    expect(chunk(new Uint8Array(0))).toBe(false);
    for (const path of ['../a.bin', 'm/../../a', '/etc/passwd', 'm\\a.bin', 'C:/a', 'm//a', 'm/./a', '']) expect(chunk(new Uint8Array(1), path)).toBe(false);
  });
});
