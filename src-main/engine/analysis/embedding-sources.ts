/**
 * Embedding files as a source of maps, without a model: one file open at a time (opening
 * another cancels and drops it), read on the engine's machine with its loading streamed as
 * `embeddingProgress` events; its vectors are projected by Projections exactly as a run's
 * codes (a finished map is kept, so the same projection of the same file is shown again
 * without a fit: kept-file-map.ts), its words and metadata rows are served for hover, and
 * word queries (nearest words by cosine, "a - b + c" analogies) run on its unit-length rows.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { EmbeddingQueryResult, EmbeddingRows, EventName, EventPayload, ValidParams } from '../../protocol';
import { MAX_EMBEDDING_DIM, MAX_LABEL_CHARS, MAX_METADATA_COLUMNS, MAX_PROJECTION_POINTS, WorkbenchError } from '../../protocol';
import { loadEmbeddingFile } from '../export/embedding-import';
import type { ImportedEmbeddings } from '../export/embedding-import';
import { isArithmetic, nearestByCosine, parseArithmetic, unitRows, wordArithmetic } from '../export/word-queries';
import type { Match } from '../export/word-queries';
import { KeptFileMaps } from './kept-file-map';
import type { FileMapKey, FileStamp } from './kept-file-map';
import type { FittedLayout, Projections } from './projections';
import { CancelledError } from './time-slicer';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Reading events come at most this often (the last one always). */
const PROGRESS_INTERVAL_MS = 100;

interface OpenFile {
  id: string;
  name: string;
  controller: AbortController;
  /** the file and its metadata file as they were when opened: part of a kept map's key */
  stamps: { file: FileStamp; metadata: FileStamp | null };
  data: ImportedEmbeddings | null;
  /** sha256 of the vectors, made at the first projection: part of a kept map's key */
  digest: string | null;
  /** rows scaled to unit length, made at the first query */
  unit: Float32Array | null;
  /** first row of each label, made at the first query */
  rowOf: Map<string, number> | null;
}

const cut = (text: string): string => (text.length > MAX_LABEL_CHARS ? text.slice(0, MAX_LABEL_CHARS - 1) + '…' : text);

export class EmbeddingSources {
  private current: OpenFile | null = null;
  private made = 0;
  private readonly maps: KeptFileMaps;

  /** `mapsDir` is the folder where files' finished maps are kept. */
  constructor(
    private readonly emit: Emit,
    private readonly projections: Projections,
    mapsDir: string,
  ) {
    this.maps = new KeptFileMaps(mapsDir);
  }

  /** Starts loading `path`; refuses at once a path that is not a readable file. */
  async open({ path, metadataPath }: ValidParams<'openEmbeddingFile'>): Promise<{ embeddingId: string }> {
    const stamps: FileStamp[] = [];
    for (const file of metadataPath === undefined ? [path] : [path, metadataPath]) {
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new WorkbenchError('bad-request', `There is no file at ${file} on the engine's machine; check the path.`);
      stamps.push({ path: resolve(file), size: info.size, mtimeMs: info.mtimeMs });
    }
    const metadata = stamps[1] ?? (await besideMetadata(path));
    this.current?.controller.abort();
    const file: OpenFile = {
      id: `embedding-${++this.made}-${Date.now().toString(36)}`, name: basename(path), controller: new AbortController(), stamps: { file: stamps[0]!, metadata }, digest: null, data: null, unit: null, rowOf: null,
    };
    this.current = file;
    this.load(file, path, metadataPath).catch((error: unknown) => console.error(`[engine] ${file.id} could not report its end:`, error));
    return { embeddingId: file.id };
  }

  /** Stops loading `embeddingId`; false when it is not loading. */
  cancel(embeddingId: string): boolean {
    if (this.current?.id !== embeddingId || this.current.data || this.current.controller.signal.aborted) return false;
    this.current.controller.abort();
    return true;
  }

  /** The loaded file's labels and metadata rows. */
  rows(embeddingId: string): EmbeddingRows {
    const { data } = this.loaded(embeddingId);
    const metadata = data.metadata ? { columns: data.metadata.columns.map(cut), rows: data.metadata.rows.map((row) => row.map(cut)) } : null;
    return { embeddingId, count: data.count, dim: data.dim, labels: data.labels?.map(cut) ?? null, metadata };
  }

  /** Projects the loaded file's vectors; layouts stream as a run's do. A map kept from the
   * same projection of the same file is shown at once, through the same events. */
  project({ embeddingId, method, umap, seed }: ValidParams<'startEmbeddingProjection'>): ReturnType<Projections['startVectors']> {
    const file = this.loaded(embeddingId);
    const { data, stamps } = file;
    // ~30 ms for 70,000 x 50, against a fit of ~20 s
    file.digest ??= createHash('sha256').update(new Uint8Array(data.vectors.buffer, data.vectors.byteOffset, data.vectors.byteLength)).digest('hex');
    const key: FileMapKey = { ...stamps, count: data.count, dim: data.dim, vectors: file.digest, maxPoints: MAX_PROJECTION_POINTS, method, umap: method === 'umap' ? umap : null, seed };
    const memo = { kept: this.maps.read(key), keep: (layout: FittedLayout) => this.maps.write(key, layout) };
    return this.projections.startVectors(data.vectors, data.dim, { method, umap, seed }, memo);
  }

  /** One word: its nearest words by cosine; "a - b + c": the nearest words to that sum. */
  query({ embeddingId, query, k }: ValidParams<'queryEmbedding'>): EmbeddingQueryResult {
    const file = this.loaded(embeddingId);
    const { data } = file;
    if (!data.labels) throw new WorkbenchError('bad-request', `${file.name} has no words or labels to look up; word queries need a GloVe/word2vec file or a Projector metadata.tsv.`);
    file.unit ??= unitRows(data.vectors, data.dim);
    if (!file.rowOf) {
      file.rowOf = new Map();
      data.labels.forEach((label, row) => {
        if (!file.rowOf!.has(label)) file.rowOf!.set(label, row);
      });
    }
    const rowOf = file.rowOf;
    const unknown = (word: string): WorkbenchError =>
      new WorkbenchError('bad-request', `"${cut(word)}" is not in ${file.name}'s vocabulary; check its spelling (words are case-sensitive).`);
    const answer = (kind: EmbeddingQueryResult['kind'], words: string[], matches: Match[]): EmbeddingQueryResult => ({
      kind,
      queryIndices: words.map((w) => rowOf.get(w)!),
      matches: matches.map((m) => ({ index: m.index, label: cut(data.labels![m.index]!), similarity: Math.max(-1, Math.min(1, m.similarity)) })),
    });
    if (!isArithmetic(query)) {
      const row = rowOf.get(query);
      if (row === undefined) throw unknown(query);
      const vector = file.unit.subarray(row * data.dim, (row + 1) * data.dim);
      return answer('neighbours', [query], nearestByCosine(file.unit, data.dim, vector, k, new Set([row])));
    }
    let terms: { plus: string[]; minus: string[] };
    try {
      terms = parseArithmetic(query);
    } catch (error) {
      throw new WorkbenchError('bad-request', (error as Error).message);
    }
    const words = [...terms.plus, ...terms.minus];
    if (words.length > 64) throw new WorkbenchError('bad-request', `The query has ${words.length} words; use at most 64.`);
    const missing = words.find((w) => !rowOf.has(w));
    if (missing !== undefined) throw unknown(missing);
    return answer('analogy', words, wordArithmetic(file.unit, data.dim, data.labels, terms, k));
  }

  private loaded(embeddingId: string): OpenFile & { data: ImportedEmbeddings } {
    const file = this.current;
    if (file?.id !== embeddingId) throw new WorkbenchError('not-found', `Embedding file ${embeddingId} is no longer open (another file replaced it, or the engine restarted); open it again.`);
    if (!file.data) throw new WorkbenchError('busy', `${file.name} is still loading; wait for its "loaded" event.`);
    return file as OpenFile & { data: ImportedEmbeddings };
  }

  private async load(file: OpenFile, path: string, metadataPath: string | undefined): Promise<void> {
    const started = performance.now();
    let last = -Infinity;
    const reading = (done: number, total: number): void => {
      const now = performance.now();
      if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      this.emit('embeddingProgress', { kind: 'reading', embeddingId: file.id, done: Math.min(done, total), total: Math.max(1, total) });
    };
    try {
      reading(0, 1);
      const data = await loadEmbeddingFile(path, { metadataPath, maxRows: MAX_PROJECTION_POINTS, onProgress: reading, signal: file.controller.signal });
      if (file.controller.signal.aborted) throw new CancelledError();
      if (data.dim > MAX_EMBEDDING_DIM) throw new Error(`${file.name} has ${data.dim}-D vectors; at most ${MAX_EMBEDDING_DIM} dimensions can be mapped.`);
      if (data.metadata && data.metadata.columns.length > MAX_METADATA_COLUMNS) {
        throw new Error(`The metadata has ${data.metadata.columns.length} columns; keep at most ${MAX_METADATA_COLUMNS}.`);
      }
      file.data = data;
      this.emit('embeddingProgress', {
        kind: 'loaded', embeddingId: file.id, name: cut(file.name), count: data.count, dim: data.dim, labelled: data.labels !== null, seconds: (performance.now() - started) / 1000,
      });
    } catch (error) {
      const cancelled = error instanceof CancelledError;
      const message = cancelled ? 'Loading was cancelled.' : error instanceof Error ? error.message : String(error);
      this.emit('embeddingProgress', { kind: cancelled ? 'cancelled' : 'failed', embeddingId: file.id, message: message.slice(0, 2000) });
      if (this.current === file) this.current = null;
    }
  }
}

/** The metadata.tsv a Projector vectors file is read with when none is named (as
 * loadEmbeddingFile finds it), or null. */
async function besideMetadata(path: string): Promise<FileStamp | null> {
  const beside = join(dirname(path), 'metadata.tsv');
  if (!path.endsWith('.tsv') || resolve(beside) === resolve(path)) return null;
  const info = await stat(beside).catch(() => null);
  return info?.isFile() ? { path: resolve(beside), size: info.size, mtimeMs: info.mtimeMs } : null;
}
