/**
 * Importing a model as a run from the Runs view: a folder picked in the page (the browser's
 * folder picker in serve mode, the OS's folder dialog in the desktop app) is uploaded to the
 * engine file by file in ordered chunks, then imported; or folders already on the engine's
 * disk are imported by path. Keeps the progress in bytes, the engine's answer, and its
 * refusal as the engine worded it.
 */
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_CHUNK_BYTES, MAX_UPLOAD_FILES, UploadPath } from '../../../src-main/protocol/export';
import type { ModelImportResult, ModelImportSource } from '../../../src-main/protocol/export';
import type { WorkbenchApi } from '../../../src-main/protocol';
import { formatBytes } from '../export/export-panel.svelte';
import { modelName } from './runs-table';

/** The engine methods an import calls. */
export type ModelUploadApi = Pick<WorkbenchApi, 'beginModelUpload' | 'uploadModelChunk' | 'cancelModelUpload' | 'importModel'>;

/** The most folders one import takes by path (the contract's bound). */
export const MAX_IMPORT_PATHS = 8;
const MAX_PATH_CHARS = 4096;
/** Chunks sent before the first is answered, so reading, sending and writing overlap
 * (through serve without a browser, 32 MB: 50 MB/s one at a time, 65 MB/s four); the engine
 * writes them in the order sent. */
export const CHUNKS_IN_FLIGHT = 4;

/** One file of a picked folder: its path inside the upload (the picked folder's name first). */
export interface FolderFile {
  path: string;
  blob: Blob;
}

/** A picked folder as the panel shows it before importing. */
export interface PickedFolder {
  /** the picked folder's own name */
  name: string;
  files: FolderFile[];
  bytes: number;
  /** why it cannot be uploaded, in one sentence; null when it can */
  problem: string | null;
}

/** What the panel's root carries as data-state. */
export type ImportStatus = 'idle' | 'uploading' | 'importing' | 'done' | 'error' | 'cancelled';

/** The files of a folder input (`<input webkitdirectory>`), with the paths the picker gave them. */
export function folderFiles(files: Iterable<File>): FolderFile[] {
  // a picker that gives no relative path (a single-file input) still names the file
  return [...files].map((file) => ({ path: file.webkitRelativePath || file.name, blob: file }));
}

/** Sums up a picked folder and says whether the engine can take it as an upload. */
export function describeFolder(files: FolderFile[]): PickedFolder {
  const bytes = files.reduce((sum, f) => sum + f.blob.size, 0);
  const name = files[0]?.path.split('/')[0] ?? '';
  return { name, files, bytes, problem: folderProblem(files, bytes) };
}

function folderProblem(files: FolderFile[], bytes: number): string | null {
  const pickAgain = 'pick the run folder (holding run.json) or the folder of the export itself';
  if (files.length === 0) return `That folder holds no files: ${pickAgain}.`;
  if (files.length > MAX_UPLOAD_FILES) return `That folder holds ${files.length} files, more than the ${MAX_UPLOAD_FILES} an upload takes: ${pickAgain}.`;
  if (bytes > MAX_UPLOAD_BYTES) return `That folder holds ${formatBytes(bytes)}, more than the ${formatBytes(MAX_UPLOAD_BYTES)} an upload takes: ${pickAgain}.`;
  for (const file of files) {
    const checked = UploadPath.safeParse(file.path);
    if (!checked.success) return `${file.path} cannot be uploaded (${checked.error.issues[0]?.message ?? 'its path is not allowed'}): rename it or move it out of the folder.`;
  }
  return null;
}

/** The paths typed one per line; `problem` says what to fix when they cannot be imported. */
export function parsePaths(text: string): { paths: string[]; problem: string | null } {
  const paths = [...new Set(text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))];
  if (paths.length === 0) return { paths, problem: 'Give the path of a folder on the engine’s machine, one per line.' };
  if (paths.length > MAX_IMPORT_PATHS) return { paths, problem: `One import takes at most ${MAX_IMPORT_PATHS} folders; give the folder holding them instead.` };
  if (paths.some((p) => p.length > MAX_PATH_CHARS)) return { paths, problem: `A path is at most ${MAX_PATH_CHARS} characters.` };
  return { paths, problem: null };
}

/** "Imported run … (Variational autoencoder) — …": the line shown after an import. */
export function importOutcome(result: ModelImportResult): string {
  return `Imported run ${result.runId} (${modelName(result.family)}) — ${result.message}`;
}

async function readChunk(file: FolderFile, offset: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.blob.slice(offset, offset + MAX_UPLOAD_CHUNK_BYTES).arrayBuffer());
  } catch (error) {
    throw new Error(`Could not read ${file.path} from the picked folder (${sentence(error)}); pick the folder again.`);
  }
}

function sentence(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One upload under way; cancel() and the loop share it. */
interface Job {
  uploadId: string | null;
  cancelled: boolean;
}

/** An import from the Runs view: the picked folder, the upload's progress, the outcome. */
export class ModelImport {
  status = $state<ImportStatus>('idle');
  picked = $state.raw<PickedFolder | null>(null);
  /** bytes of the picked folder the engine has acknowledged */
  sent = $state(0);
  result = $state.raw<ModelImportResult | null>(null);
  error = $state<string | null>(null);

  readonly busy = $derived(this.status === 'uploading' || this.status === 'importing');
  /** 0..1 while uploading */
  readonly progress = $derived(this.picked && this.picked.bytes > 0 ? this.sent / this.picked.bytes : this.status === 'uploading' ? 0 : null);

  readonly #api: ModelUploadApi;
  #job: Job | null = null;

  constructor(api: ModelUploadApi) {
    this.#api = api;
  }

  /** Takes a newly picked folder (nothing is sent yet). */
  choose(files: FolderFile[]): void {
    if (this.busy) return;
    this.picked = describeFolder(files);
    this.sent = 0;
    this.#settle('idle');
  }

  /** Uploads the picked folder and imports it; null when refused, cancelled or not possible. */
  async importFolder(): Promise<ModelImportResult | null> {
    const folder = this.picked;
    if (this.busy || !folder || folder.problem) return null;
    const job: Job = { uploadId: null, cancelled: false };
    this.#job = job;
    this.sent = 0;
    this.#settle('uploading');
    try {
      const { uploadId } = await this.#api.beginModelUpload({ files: folder.files.map((f) => ({ path: f.path, bytes: f.blob.size })) });
      job.uploadId = uploadId;
      // cancelled while the engine was making room: drop it here, cancel() had no id yet
      if (job.cancelled) return this.#drop(uploadId);
      if (!(await this.#sendFiles(job, uploadId, folder.files))) return null;
    } catch (error) {
      if (job.cancelled) return null;
      if (job.uploadId) void this.#drop(job.uploadId);
      this.#fail(error);
      return null;
    }
    return this.#import({ kind: 'upload', uploadId: job.uploadId });
  }

  /** Imports folders already on the engine's disk, typed one per line. */
  async importPaths(text: string): Promise<ModelImportResult | null> {
    const { paths, problem } = parsePaths(text);
    if (this.busy || problem) return null;
    this.#job = null;
    return this.#import({ kind: 'paths', paths });
  }

  /** Stops an upload: nothing more is sent and the engine drops what it received. */
  cancel(): void {
    const job = this.#job;
    if (this.status !== 'uploading' || !job) return;
    job.cancelled = true;
    this.sent = 0;
    this.status = 'cancelled';
    if (job.uploadId) void this.#drop(job.uploadId);
  }

  /** Forgets the error shown. */
  dismissError(): void {
    if (this.status === 'error') this.#settle('idle');
  }

  // every file's bytes in order, MAX_UPLOAD_CHUNK_BYTES at a time, up to CHUNKS_IN_FLIGHT
  // unanswered; throws the first refusal once the chunks in flight are answered; false once cancelled
  async #sendFiles(job: Job, uploadId: string, files: FolderFile[]): Promise<boolean> {
    const inFlight = new Set<Promise<void>>();
    // set from the replies' callbacks, hence an object TypeScript does not narrow away
    const first: { refusal: { error: unknown } | null } = { refusal: null };
    try {
      for (const file of files) {
        for (let offset = 0; offset < file.blob.size; offset += MAX_UPLOAD_CHUNK_BYTES) {
          const bytes = await readChunk(file, offset);
          if (job.cancelled || first.refusal) return false;
          const sending: Promise<void> = this.#api.uploadModelChunk({ uploadId, path: file.path, offset, bytes }).then(
            () => {
              if (!job.cancelled) this.sent += bytes.byteLength;
            },
            (error: unknown) => {
              // the chunks after a refused one are refused too: the first says why
              first.refusal ??= { error };
            },
          );
          const tracked = sending.finally(() => inFlight.delete(tracked));
          inFlight.add(tracked);
          if (inFlight.size >= CHUNKS_IN_FLIGHT) await Promise.race(inFlight);
        }
      }
    } finally {
      await Promise.all(inFlight);
      // a refusal that came in while the last chunks were read or answered
      if (first.refusal && !job.cancelled) throw first.refusal.error;
    }
    return !job.cancelled;
  }

  async #import(source: ModelImportSource): Promise<ModelImportResult | null> {
    this.#settle('importing');
    try {
      const result = await this.#api.importModel({ source });
      this.result = result;
      this.status = 'done';
      return result;
    } catch (error) {
      this.#fail(error);
      return null;
    }
  }

  // best effort: the user asked to stop or already sees why it failed; a failed drop adds nothing to act on
  async #drop(uploadId: string): Promise<null> {
    try {
      await this.#api.cancelModelUpload({ uploadId });
    } catch {
      // nothing more to tell the user
    }
    return null;
  }

  #fail(error: unknown): void {
    this.error = sentence(error);
    this.status = 'error';
  }

  #settle(status: ImportStatus): void {
    this.status = status;
    this.error = null;
    this.result = null;
  }
}
