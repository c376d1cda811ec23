/**
 * Writes a converted dataset into the image-cache layout (`images.u8`, `labels.u8`,
 * `meta.json`) while it is being read, so a large import never holds all its pixels in memory.
 * Everything goes into a hidden sibling folder that is renamed into place only when complete:
 * a failed or cancelled conversion removes that folder and leaves every existing dataset alone.
 */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** Most pixel bytes a cache may hold: Node's readFile reads at most 2 GiB - 1 at once. */
export const MAX_CACHE_BYTES = 2 ** 31 - 1;

export class CacheWriter {
  private readonly images: WriteStream;
  private written = 0;
  private failed: Error | null = null;
  private closed = false;

  private constructor(
    /** the folder the cache ends up in */
    readonly finalDir: string,
    /** the hidden folder it is written into */
    readonly tempDir: string,
  ) {
    this.images = createWriteStream(join(tempDir, 'images.u8'));
    this.images.on('error', (error) => {
      this.failed = error;
    });
  }

  /** Starts a cache for `finalDir`; refuses when a dataset is already there. */
  static async create(finalDir: string): Promise<CacheWriter> {
    if (await stat(finalDir).then(() => true, () => false)) throw new Error(`${finalDir} already exists`);
    await removeAbandoned(finalDir);
    const tempDir = join(dirname(finalDir), `.${basename(finalDir)}.partial-${process.pid}-${Date.now().toString(36)}`);
    await mkdir(tempDir, { recursive: true });
    return new CacheWriter(finalDir, tempDir);
  }

  /** Pixel bytes appended so far. */
  get bytes(): number {
    return this.written;
  }

  /** Appends pixels (copied when the caller reuses its buffer); waits when the disk lags. */
  async append(pixels: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    this.written += pixels.length;
    if (!this.images.write(Buffer.from(pixels))) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error): void => reject(error);
        this.images.once('error', onError);
        this.images.once('drain', () => {
          this.images.off('error', onError);
          resolve();
        });
      });
    }
  }

  /** Closes the pixels, writes the labels and `meta.json` (last), fsyncs and renames into place. */
  async commit(labels: Uint8Array | null, meta: object): Promise<void> {
    await this.closeImages();
    const imagesPath = join(this.tempDir, 'images.u8');
    const handle = await open(imagesPath, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (labels) await writeFileAtomic(join(this.tempDir, 'labels.u8'), Buffer.from(labels.buffer, labels.byteOffset, labels.byteLength));
    await writeFileAtomic(join(this.tempDir, 'meta.json'), JSON.stringify(meta));
    await mkdir(dirname(this.finalDir), { recursive: true });
    await rename(this.tempDir, this.finalDir);
  }

  /** Removes everything written; safe to call after a failure or twice. */
  async abort(): Promise<void> {
    await this.closeImages().catch(() => undefined);
    await rm(this.tempDir, { recursive: true, force: true });
  }

  private closeImages(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve, reject) => {
      if (this.failed) {
        this.images.destroy();
        reject(this.failed);
        return;
      }
      this.images.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}

/** Removes partial folders for `finalDir` left by a process that crashed or was killed while
 * writing them (its pid is gone); a live process's partial folder is left alone. */
async function removeAbandoned(finalDir: string): Promise<void> {
  const prefix = `.${basename(finalDir)}.partial-`;
  const names = await readdir(dirname(finalDir)).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(prefix))) {
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && !isAlive(pid)) await rm(join(dirname(finalDir), name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive but another user's
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
