// The engine's export requests: files land under <dataDir>/exports/<id>, embeddings stream
// progress, and files come back for a download only from inside an export's folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportRequest, WorkbenchError } from '../../protocol';
import { selectBackend } from '../backend';
import type { EngineContext } from '../engine-context';
import type { RunModel } from '../inference/run-models';
import type { RunRecord } from '../runs/run-record';
import { blobSet, trainedRun } from './export-fixture';
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
