/** Requests for exports: a run's nets or codes into `<dataDir>/exports/<id>/`, and reading
 * those files back for a download. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { ExportRequest, ExportResult, ModelImportResult, ModelImportSource } from '../../protocol';
import { MAX_EXPORT_FILE_BYTES, WorkbenchError } from '../../protocol';
import type { exportMethods } from '../../protocol/export';
import type { AreaHandlers, EngineContext } from '../engine-context';
import { historyFromLines } from '../runs/run-history';
import type { ExportPart } from './export-graph';
import { exportEmbeddings } from './export-embeddings';
import type { EmbeddingFormat } from './export-embeddings';
import { exportRunModel } from './export-model';
import type { ModelFormat } from './export-model';
import { importFrom } from './import-source';
import type { ImportRoot } from './import-source';
import { ModelUploads, UPLOADS_DIR } from './model-upload';
import { exportRunReport } from './run-report';

export const EXPORTS_DIR = 'exports';

/** A new export's folder name: run, what, format and the time, so repeated exports of the
 * same thing sit side by side instead of replacing each other. */
export function exportIdOf(request: Pick<ExportRequest, 'runId' | 'what' | 'format'>, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '-').replace('Z', '');
  return `${request.runId}-${request.what}-${request.format}-${stamp}`;
}

/** Runs one export and lists what it wrote. Errors that are the user's to fix become
 * `bad-request` with the sentence that says what to do. */
export async function runExport(context: Pick<EngineContext, 'runModels' | 'runs' | 'dataDir' | 'emit'>, request: ExportRequest): Promise<ExportResult> {
  const exportId = exportIdOf(request);
  const dir = join(context.dataDir, EXPORTS_DIR, exportId);
  const record = await context.runs.read(request.runId).catch(() => {
    throw new WorkbenchError('not-found', `There is no readable run ${request.runId}; refresh the list of runs.`);
  });
  if (request.what === 'report') {
    // a report needs no checkpoint: without one it has curves and settings but no pictures
    const handle = await context.runModels.get(request.runId).catch(() => null);
    const release = handle?.hold();
    let files: string[];
    try {
      const { epochs } = historyFromLines(await context.runs.readMetrics(request.runId));
      ({ files } = await exportRunReport(handle, record, epochs, dir));
    } finally {
      release?.();
    }
    return { exportId, dir, what: request.what, format: request.format, files: await sized(dir, files), note: handle ? null : 'The run has no checkpoint yet, so the report has no pictures.' };
  }
  const handle = await context.runModels.get(request.runId);
  // the model must outlive the export even if the cache lets it go meanwhile
  const release = handle.hold();
  let written: { files: string[]; note: string | null };
  try {
    if (request.what === 'embeddings') {
      const result = await exportEmbeddings(handle, dir, {
        format: request.format as EmbeddingFormat,
        split: request.split,
        projection: request.projection,
        onProgress: (done, total) => context.emit('exportProgress', { runId: request.runId, done, total }),
      });
      written = result;
    } else {
      written = { ...(await exportRunModel(handle, record, request.what as ExportPart, request.format as ModelFormat, dir)), note: null };
    }
  } catch (error) {
    throw new WorkbenchError('bad-request', (error as Error).message);
  } finally {
    release();
  }
  return { exportId, dir, what: request.what, format: request.format, files: await sized(dir, written.files), note: written.note };
}

/** File names with their sizes on disk. */
async function sized(dir: string, names: string[]): Promise<ExportResult['files']> {
  return Promise.all(names.map(async (name) => ({ name, bytes: (await stat(join(dir, name))).size })));
}

/** Makes a run of an upload or of folders on the engine's disk; an upload is deleted
 * afterwards, success or failure. */
export async function importModel(context: Pick<EngineContext, 'runs' | 'datasets' | 'backend'>, uploads: ModelUploads, source: ModelImportSource): Promise<ModelImportResult> {
  if (source.kind === 'paths') {
    const relativePath = source.paths.find((p) => !isAbsolute(p));
    if (relativePath !== undefined) throw new WorkbenchError('bad-request', `${relativePath} is not a full path; give the folder's full path on the engine's machine.`);
    return importRoots(context, source.paths.map((dir) => ({ dir, shown: dir })));
  }
  // refuses an upload that is unknown, incomplete (then deleted) or already being imported
  const { dir } = await uploads.take(source.uploadId);
  try {
    return await importRoots(context, uploadRoots(dir, await readdir(dir, { withFileTypes: true })), true);
  } finally {
    await uploads.remove(source.uploadId);
  }
}

const MAX_MESSAGE = 2048;

/** `upload`: the roots are an upload's, deleted afterwards, so a run folder is moved out of it. */
async function importRoots(context: Pick<EngineContext, 'runs' | 'datasets' | 'backend'>, roots: ImportRoot[], upload = false): Promise<ModelImportResult> {
  try {
    const outcome = await importFrom(roots, context.runs, context.datasets, context.backend.backend, upload);
    // long folder paths could push the sentence past what the contract carries
    const message = outcome.message.length > MAX_MESSAGE ? `${outcome.message.slice(0, MAX_MESSAGE - 1)}…` : outcome.message;
    return { runId: outcome.runId, family: outcome.family, kind: outcome.kind, from: outcome.from, parts: outcome.parts, message };
  } catch (error) {
    // the folders are the user's to fix
    throw new WorkbenchError('bad-request', (error as Error).message);
  }
}

/** The folders a user picked in an upload: the browser's paths start with the picked
 * folder's own name, so each top-level folder is searched under that name; files at the
 * top (an upload made without a folder) make the upload itself the one folder. */
function uploadRoots(dir: string, top: { name: string; isDirectory(): boolean }[]): ImportRoot[] {
  if (top.length > 0 && top.every((entry) => entry.isDirectory())) return top.map((entry) => ({ dir: join(dir, entry.name), shown: entry.name }));
  return [{ dir, shown: null }];
}

export function exportHandlers(context: EngineContext): AreaHandlers<keyof typeof exportMethods> {
  // one per engine: uploads live until imported, cancelled or left idle
  const uploads = new ModelUploads(join(context.dataDir, UPLOADS_DIR));
  return {
    beginModelUpload: ({ files }) => uploads.begin(files),
    uploadModelChunk: ({ uploadId, path, offset, bytes }) => uploads.chunk(uploadId, path, offset, bytes),
    cancelModelUpload: async ({ uploadId }) => {
      await uploads.cancel(uploadId);
      return {};
    },
    importModel: ({ source }) => importModel(context, uploads, source),
    exportRun: (params) => runExport(context, params),
    readExportFile: async ({ exportId, file }) => {
      const path = join(context.dataDir, EXPORTS_DIR, exportId, file);
      const size = await stat(path).then(
        (s) => (s.isFile() ? s.size : -1),
        () => -1,
      );
      if (size < 0) throw new WorkbenchError('not-found', `There is no file ${file} in export ${exportId}; export again.`);
      if (size > MAX_EXPORT_FILE_BYTES) throw new WorkbenchError('bad-request', `${file} is too large to download here (${size} bytes); copy it from ${path}.`);
      return { name: file, bytes: new Uint8Array(await readFile(path)) };
    },
  };
}
