/**
 * Finished maps of embedding files, kept in `<dataDir>/maps/files/<sha256 of the key>.lwmap`
 * so reopening a file shows its map without refitting. The key names everything the layout
 * depends on (the file's path, size and mtime, the rows and dimensions loaded and their hash, the method and
 * its settings, the seed), and a fit with the same key gives the same layout: a kept map is a
 * memo, never stale. One binary file: the magic "LWFMAP", a format version byte, a
 * little-endian uint32 header length, the JSON header (with the whole key, checked on read),
 * zero padding to a multiple of 4, then the layout as little-endian Float32 x, y per row.
 * Written atomically; the folder keeps the most recently used maps only. A file that cannot
 * be read is ignored (the map is refitted and rewritten) and a map that cannot be written is
 * logged: neither is the user's problem, the map is shown anyway.
 */
import { createHash } from 'node:crypto';
import { readFileSync, utimesSync } from 'node:fs';
import { mkdir, readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import type { UmapSettings } from '../../protocol';
import type { FittedLayout } from './projections';

/** Bumped when the file layout or the fit's algorithm changes: older maps are refitted. */
export const KEPT_FILE_MAP_VERSION = 1;
/** Maps kept at most; the least recently used go first. */
export const KEPT_FILE_MAPS_LIMIT = 20;
const MAGIC = 'LWFMAP';
const PREFIX = MAGIC.length + 1 + 4;
const NAME = /^[0-9a-f]{64}\.lwmap$/;

/** A file as it was read: a change of size or modification time makes it another file. */
export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Everything a file's layout depends on. */
export interface FileMapKey {
  file: FileStamp;
  /** the metadata file read with it, if any */
  metadata: FileStamp | null;
  count: number;
  dim: number;
  /** sha256 of the vectors read: a file replaced with one of the same size and time
   * (`cp -p`, `rsync -a`, coarse timestamps) is still another file */
  vectors: string;
  /** most rows a file may hold: the loader's cap */
  maxPoints: number;
  method: 'pca' | 'umap';
  /** UMAP's settings; null for PCA, which has none */
  umap: UmapSettings | null;
  seed: number;
}

const Finite = z.number().refine(Number.isFinite);
const Header = z.strictObject({
  key: z.string(),
  count: z.number().int().min(1),
  epochs: z.number().int().min(0),
  varianceExplained: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).nullable(),
  quality: z.strictObject({ trustworthiness: z.number().min(0).max(1), k: z.number().int().positive(), sample: z.number().int().positive() }).nullable(),
  pca: z.strictObject({ mean: z.array(Finite), axes: z.array(Finite) }).nullable(),
  savedAt: z.string().max(40),
});

/** The key as text, its fields in one fixed order, so equal keys give equal text. */
function keyText(key: FileMapKey): string {
  const stamp = (s: FileStamp | null) => (s ? { path: s.path, size: s.size, mtimeMs: s.mtimeMs } : null);
  const umap = key.umap && { nNeighbors: key.umap.nNeighbors, minDist: key.umap.minDist, metric: key.umap.metric, epochs: key.umap.epochs ?? null };
  return JSON.stringify({ file: stamp(key.file), metadata: stamp(key.metadata), count: key.count, dim: key.dim, vectors: key.vectors, maxPoints: key.maxPoints, method: key.method, umap, seed: key.seed });
}

/** The kept maps of one folder. */
export class KeptFileMaps {
  constructor(
    readonly dir: string,
    private readonly limit = KEPT_FILE_MAPS_LIMIT,
  ) {}

  /** The file holding the map of `key`. */
  fileOf(key: FileMapKey): string {
    return join(this.dir, `${createHash('sha256').update(keyText(key)).digest('hex')}.lwmap`);
  }

  /** The kept layout of `key`, or null when there is none or it cannot be used. Synchronous
   * (one small file): the caller starts the projection in the same turn, so no newer request
   * can slip in between. */
  read(key: FileMapKey): FittedLayout | null {
    const file = this.fileOf(key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return null;
    }
    let layout: FittedLayout;
    try {
      layout = decode(bytes, key);
    } catch (error) {
      console.warn(`[engine] ignoring the unusable kept map ${file} (it will be refitted): ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    try {
      // used now: the folder's bound removes it last
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // a read-only folder keeps its order; the map is still shown
    }
    return layout;
  }

  /** Keeps `layout` as the map of `key`, then drops the least recently used maps beyond the
   * limit. Never throws: a map that cannot be kept was shown anyway. */
  async write(key: FileMapKey, layout: FittedLayout): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(this.fileOf(key), encode(keyText(key), layout));
      await this.prune();
    } catch (error) {
      console.warn(`[engine] could not keep the map in ${this.dir} (it will be refitted next time): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Removes all but the `limit` most recently used maps; other files are left alone. */
  private async prune(): Promise<void> {
    const names = (await readdir(this.dir)).filter((name) => NAME.test(name));
    if (names.length <= this.limit) return;
    const dated = await Promise.all(names.map(async (name) => ({ name, time: (await stat(join(this.dir, name)).catch(() => null))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => b.time - a.time);
    await Promise.all(dated.slice(this.limit).map(({ name }) => unlink(join(this.dir, name)).catch(() => undefined)));
  }
}

function encode(key: string, layout: FittedLayout): Buffer {
  const header: z.infer<typeof Header> = {
    key,
    count: layout.coords.length / 2,
    epochs: layout.epochs,
    varianceExplained: layout.varianceExplained,
    quality: layout.quality,
    pca: layout.pca ? { mean: Array.from(layout.pca.mean), axes: Array.from(layout.pca.axes) } : null,
    savedAt: new Date().toISOString(),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align(PREFIX + json.length);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const coords = Buffer.from(layout.coords.buffer, layout.coords.byteOffset, layout.coords.byteLength);
  return Buffer.concat([Buffer.from(MAGIC, 'latin1'), Buffer.from([KEPT_FILE_MAP_VERSION]), length, json, Buffer.alloc(start - PREFIX - json.length), coords]);
}

function decode(bytes: Buffer, key: FileMapKey): FittedLayout {
  if (bytes.length < PREFIX || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a kept map');
  const version = bytes[MAGIC.length]!;
  if (version !== KEPT_FILE_MAP_VERSION) throw new Error(`format version ${version}, this build reads ${KEPT_FILE_MAP_VERSION}`);
  const length = bytes.readUInt32LE(MAGIC.length + 1);
  if (PREFIX + length > bytes.length) throw new Error('the file is cut short');
  const header = Header.parse(JSON.parse(bytes.toString('utf8', PREFIX, PREFIX + length)));
  // another key with the same hash, or a file renamed by hand
  if (header.key !== keyText(key) || header.count !== key.count) throw new Error('it holds the map of other settings');
  if (header.pca && (header.pca.mean.length !== key.dim || header.pca.axes.length !== 2 * key.dim)) throw new Error('its PCA axes do not fit the vectors');
  const start = align(PREFIX + length);
  if (bytes.length !== start + header.count * 8) throw new Error('the file is cut short');
  // copy into an aligned buffer of its own: the file's buffer may sit at any offset
  const coords = new Float32Array(new Uint8Array(bytes.subarray(start)).buffer);
  if (!coords.every(Number.isFinite)) throw new Error('its layout holds non-finite values');
  const pca = header.pca && { mean: Float64Array.from(header.pca.mean), axes: Float64Array.from(header.pca.axes) };
  return { coords, epochs: header.epochs, varianceExplained: header.varianceExplained, quality: header.quality, pca };
}

function align(n: number): number {
  return Math.ceil(n / 4) * 4;
}
