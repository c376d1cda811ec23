/**
 * Folders uploaded from a page (serve mode's browser, or the desktop app's open dialog) so
 * importModel can read them: announced first (every file's path and size), then sent in
 * ordered chunks, since a browser's WebSocket message is capped at 1 MB. Each upload lives
 * in `<dataDir>/uploads/<uploadId>/` until it is imported or cancelled; one nobody finishes
 * is deleted after a while, and so are the leftovers of an engine that was killed.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES } from '../../protocol/export';
import { WorkbenchError } from '../../protocol';

export const UPLOADS_DIR = 'uploads';

export interface UploadLimits {
  /** bytes of one upload */
  maxBytes: number;
  /** uploads open at once; beginning one more drops the least recently active */
  maxOpen: number;
  /** an upload with no chunk for this long is deleted */
  idleMs: number;
  /** chunks of one upload waiting for their turn: each holds its bytes in memory */
  maxQueued: number;
}

/** The page sends at most 4 chunks at once (CHUNKS_IN_FLIGHT): 16 leaves room for a slow
 * disk, and bounds what one client can make the engine hold at 16 x 512 KiB. */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBytes: MAX_UPLOAD_BYTES, maxOpen: 4, idleMs: 10 * 60_000, maxQueued: 16 };

/** Why an upload went away, so a late chunk or import can say so. */
const GONE = {
  imported: 'it was handed to an import, which is done with it',
  cancelled: 'it was cancelled',
  idle: 'it was left idle too long',
  evicted: 'newer uploads were begun and it was the least recently active',
  failed: 'writing one of its files failed',
  incomplete: 'it was handed to an import before all its bytes arrived',
  // an id this engine never gave, or forgot long ago
  unknown: 'it was imported, cancelled, or left idle too long',
} as const;
type Gone = keyof typeof GONE;
/** reasons remembered, oldest forgotten first */
const MAX_GONE = 64;

/** Free bytes on the disk holding `dir` (Infinity when the system cannot say). */
const diskFree = (dir: string): Promise<number> => statfs(dir).then((s) => s.bavail * s.bsize, () => Infinity);

interface UploadFile {
  path: string;
  bytes: number;
  received: number;
}

interface Upload {
  id: string;
  dir: string;
  files: Map<string, UploadFile>;
  received: number;
  lastActive: number;
  timer: NodeJS.Timeout | null;
  /** handed to an import: no more chunks, no idle deletion */
  taken: boolean;
  /** chunks run one after another, whatever order the transport delivers their replies in */
  queue: Promise<unknown>;
  /** chunks in `queue` not yet written */
  queued: number;
}

/** A path as a case-insensitive file system (Windows, macOS) sees it. */
const key = (path: string): string => path.normalize('NFC').toLowerCase();

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export class ModelUploads {
  private readonly uploads = new Map<string, Upload>();
  /** why recent uploads went away (bounded) */
  private readonly gone = new Map<string, Gone>();
  /** begins run one at a time: evictions, the free-space check and the new upload's
   * registration must not interleave with another begin's */
  private beginning: Promise<unknown> = Promise.resolve();

  constructor(
    /** `<dataDir>/uploads` */
    readonly root: string,
    private readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
    private readonly freeBytes: (dir: string) => Promise<number> = diskFree,
  ) {}

  /** Checks the announced files and makes their folder; no byte is sent yet. */
  begin(files: { path: string; bytes: number }[]): Promise<{ uploadId: string }> {
    const turn = this.beginning.then(() => this.beginNow(files));
    this.beginning = turn.catch(() => {});
    return turn;
  }

  private async beginNow(files: { path: string; bytes: number }[]): Promise<{ uploadId: string }> {
    if (files.length === 0) throw new WorkbenchError('bad-request', 'The upload names no file; pick a folder that holds the model.');
    if (files.length > MAX_UPLOAD_FILES) throw new WorkbenchError('bad-request', `The upload has ${files.length} files, more than the ${MAX_UPLOAD_FILES} an import takes; pick the run folder or the export folders themselves.`);
    checkPaths(files.map((f) => f.path));
    const total = files.reduce((sum, f) => sum + f.bytes, 0);
    if (total > this.limits.maxBytes) throw new WorkbenchError('bad-request', `The upload holds ${mb(total)}, more than the ${mb(this.limits.maxBytes)} an upload may hold; pick the run folder or the export folders themselves, or import them from the engine's disk.`);
    await this.sweepLeftovers();
    await mkdir(this.root, { recursive: true });
    // past the limit, the least recently active unfinished upload gives way
    const open = [...this.uploads.values()].filter((u) => !u.taken).sort((a, b) => a.lastActive - b.lastActive);
    const evicted = open.slice(0, Math.max(0, open.length - this.limits.maxOpen + 1));
    // the uploads that stay still have bytes to write: they are owed that room
    const owed = [...this.uploads.values()].filter((u) => !evicted.includes(u)).reduce((sum, u) => sum + [...u.files.values()].reduce((s, f) => s + f.bytes - f.received, 0), 0);
    const free = Math.max(0, (await this.freeBytes(this.root)) - owed);
    if (total > free) throw new WorkbenchError('bad-request', `The upload needs ${mb(total)} but the engine's disk has ${mb(free)} free${owed > 0 ? ' beside what the uploads under way still need' : ''}; free some space and try again.`);
    // one handed to an import meanwhile is no longer open, and counts no more
    for (const upload of evicted) if (!upload.taken) await this.remove(upload.id, 'evicted');

    const id = randomBytes(12).toString('base64url');
    const dir = join(this.root, id);
    const upload: Upload = { id, dir, files: new Map(files.map((f) => [f.path, { ...f, received: 0 }])), received: 0, lastActive: Date.now(), timer: null, taken: false, queue: Promise.resolve(), queued: 0 };
    this.uploads.set(id, upload);
    try {
      for (const folder of new Set(files.map((f) => dirname(join(dir, f.path))))) await mkdir(folder, { recursive: true });
      // every file is there from the start (chunks append to it); an empty one is complete
      for (const file of files) await writeFile(join(dir, file.path), new Uint8Array(0), { flag: 'wx' });
    } catch (error) {
      await this.remove(id, 'failed');
      throw new WorkbenchError('bad-request', `Could not make the upload's folder in ${this.root} (${(error as Error).message}); check that the data directory is writable and has room.`);
    }
    this.touch(upload);
    return { uploadId: id };
  }

  /** Appends the next bytes of one announced file; answers the bytes of the whole upload received so far. */
  chunk(uploadId: string, path: string, offset: number, bytes: Uint8Array): Promise<{ received: number }> {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.taken) return Promise.reject(this.notOpen(uploadId));
    if (upload.queued >= this.limits.maxQueued) return Promise.reject(new WorkbenchError('busy', `Upload ${uploadId} already has ${upload.queued} chunks waiting to be written; wait for their replies before sending more.`));
    upload.queued++;
    const work = upload.queue.then(() => this.write(upload, path, offset, bytes)).finally(() => upload.queued--);
    // a refused chunk does not block the ones after it
    upload.queue = work.catch(() => {});
    return work;
  }

  /** Writes one chunk when its turn comes. */
  private async write(upload: Upload, path: string, offset: number, bytes: Uint8Array): Promise<{ received: number }> {
    const uploadId = upload.id;
    // checked now, after the chunks before it
    if (this.uploads.get(uploadId) !== upload) throw this.notOpen(uploadId);
    const file = upload.files.get(path);
    if (!file) throw new WorkbenchError('bad-request', `${path} is not one of the files announced for upload ${uploadId}; begin a new upload that lists it.`);
    if (offset !== file.received) throw new WorkbenchError('bad-request', `The chunk of ${path} starts at byte ${offset}, but ${file.received} bytes of it have arrived; send its chunks in order.`);
    if (offset + bytes.byteLength > file.bytes) throw new WorkbenchError('bad-request', `The chunk of ${path} ends at byte ${offset + bytes.byteLength}, past the ${file.bytes} bytes announced for it; announce the file's real size.`);
    try {
      await appendFile(join(upload.dir, path), bytes);
    } catch (error) {
      // from inside the queue: waiting for the queue here would wait for itself
      this.forget(upload, 'failed');
      await removeDir(upload.dir);
      throw new WorkbenchError('bad-request', `Could not write ${path} of the upload (${(error as Error).message}); the upload is dropped, pick the folder again.`);
    }
    file.received += bytes.byteLength;
    upload.received += bytes.byteLength;
    this.touch(upload);
    return { received: upload.received };
  }

  /** Drops an unfinished upload and its files; an unknown id is no error (it may have gone idle). */
  async cancel(uploadId: string): Promise<void> {
    const upload = this.uploads.get(uploadId);
    if (upload && !upload.taken) await this.remove(uploadId, 'cancelled');
  }

  /** Hands a complete upload to an import; the caller deletes it with `remove` afterwards,
   * success or failure. */
  async take(uploadId: string): Promise<{ dir: string }> {
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.taken) throw this.notOpen(uploadId);
    upload.taken = true;
    // chunks already sent finish first (they no longer re-arm the idle timer)
    await upload.queue;
    if (upload.timer) clearTimeout(upload.timer);
    const short = [...upload.files.values()].filter((f) => f.received < f.bytes);
    if (short.length > 0) {
      await this.remove(uploadId, 'incomplete');
      throw new WorkbenchError('bad-request', `The upload is not complete: ${short.length} of ${upload.files.size} files (first ${short[0]!.path}) still miss bytes; pick the folder again.`);
    }
    return { dir: upload.dir };
  }

  /** Deletes an upload's folder and forgets it, once the chunks being written are done. */
  async remove(uploadId: string, why: Gone = 'imported'): Promise<void> {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    this.forget(upload, why);
    // chunks still queued see the upload gone and are refused without writing
    await upload.queue;
    await removeDir(upload.dir);
  }

  private forget(upload: Upload, why: Gone): void {
    if (upload.timer) clearTimeout(upload.timer);
    if (this.uploads.get(upload.id) !== upload) return;
    this.uploads.delete(upload.id);
    this.gone.set(upload.id, why);
    for (const id of this.gone.keys()) {
      if (this.gone.size <= MAX_GONE) break;
      this.gone.delete(id);
    }
  }

  private notOpen(uploadId: string): WorkbenchError {
    const why = this.uploads.get(uploadId)?.taken ? 'an import is reading it' : GONE[this.gone.get(uploadId) ?? 'unknown'];
    return new WorkbenchError('bad-request', `Upload ${uploadId} is not open (${why}); pick the folder again.`);
  }

  private touch(upload: Upload): void {
    // a taken upload belongs to its import: no idle timer may delete it from under it
    if (upload.taken) return;
    upload.lastActive = Date.now();
    if (upload.timer) clearTimeout(upload.timer);
    upload.timer = setTimeout(() => void this.remove(upload.id, 'idle').catch(() => {}), this.limits.idleMs);
    // an idle upload must not keep the engine process alive
    upload.timer.unref();
  }

  /** At each begin, deletes folders under uploads/ that no upload of this engine owns: a
   * killed engine's. One touched within the idle time may be another engine's on the same
   * data directory, so it stays, and is looked at again at the next begin. */
  private async sweepLeftovers(): Promise<void> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    const now = Date.now();
    for (const name of names) {
      if (this.uploads.has(name)) continue;
      const dir = join(this.root, name);
      if (now - (await newestChange(dir)) > this.limits.idleMs) await removeDir(dir).catch(() => {});
    }
  }
}

/** Windows may hold a just-closed file for a moment: a few retries. */
const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true, maxRetries: 3 });

/** When anything in `dir` last changed (ms since the epoch). */
async function newestChange(dir: string): Promise<number> {
  let newest = await stat(dir).then((s) => s.mtimeMs, () => 0);
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  for (const entry of entries) newest = Math.max(newest, await stat(join(dir, entry)).then((s) => s.mtimeMs, () => 0));
  return newest;
}

/** Names Windows reserves for devices (with any extension) or silently changes (a trailing
 * dot or space): refused everywhere, so an upload means the same on every engine. */
const WINDOWS_ODD = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$|[. ]$/i;

/** Refuses paths that would collide on a case-insensitive file system, name a file and a
 * folder at once, or that Windows cannot hold. (The contract already refused names that
 * could leave the folder.) */
export function checkPaths(paths: string[]): void {
  const files = new Map<string, string>();
  for (const path of paths) {
    const odd = path.split('/').find((name) => WINDOWS_ODD.test(name));
    if (odd !== undefined) throw new WorkbenchError('bad-request', `The upload lists ${path}, whose name ${odd} Windows cannot hold; rename it.`);
    const k = key(path);
    const before = files.get(k);
    if (before !== undefined) throw new WorkbenchError('bad-request', before === path ? `The upload lists ${path} twice; announce each file once.` : `The upload lists ${before} and ${path}, which are the same file on Windows and macOS; rename one of them.`);
    files.set(k, path);
  }
  for (const path of paths) {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = files.get(key(segments.slice(0, i).join('/')));
      if (folder !== undefined) throw new WorkbenchError('bad-request', `The upload lists ${folder} as a file and as the folder of ${path}; a name cannot be both.`);
    }
  }
}
