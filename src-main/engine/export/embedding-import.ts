/**
 * Reads embeddings made elsewhere, for the latent explorer without a model: Embedding
 * Projector TSV pairs (vectors.tsv + optional metadata.tsv), GloVe / word2vec text (a word,
 * then its numbers, per line; word2vec's "count dim" header line is recognised), and NPY
 * (2-D, float32/float64/int32/uint8, C order). Every refusal names the file, the line or the
 * header field, and what to do; the parse yields between slices and reports progress.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TimeSlicer } from '../analysis/time-slicer';

/** Vectors with their labels (a word, or metadata's first column) and metadata table. */
export interface ImportedEmbeddings {
  count: number;
  dim: number;
  /** row-major [count, dim] */
  vectors: Float32Array;
  /** one per row: the word, or the metadata's first column; null when there is none */
  labels: string[] | null;
  /** metadata column names and rows (Projector TSV), or null */
  metadata: { columns: string[]; rows: string[][] } | null;
}

/** Reports parsing progress: units done (lines or bytes) of the total. */
export type Progress = (done: number, total: number) => void;

const LINES_PER_SLICE = 2000;

/** Parses the numbers of one row; throws naming the line when one is not a finite number. */
function numbers(cells: string[], file: string, line: number, into: number[]): void {
  for (const cell of cells) {
    const value = Number(cell);
    if (cell === '' || !Number.isFinite(value)) throw new Error(`${file}, line ${line}: "${cell.slice(0, 40)}" is not a number; every value must be numeric.`);
    into.push(value);
  }
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines.at(-1)!.trim() === '') lines.pop();
  return lines;
}

/** Rows of numbers with, for word vectors, a leading word per row. */
async function parseRows(
  text: string,
  file: string,
  options: { separator: RegExp; leadingWord: boolean; skipFirst: boolean; maxRows: number },
  slicer: TimeSlicer,
  onProgress?: Progress,
): Promise<{ vectors: Float32Array; dim: number; words: string[] | null }> {
  const lines = splitLines(text);
  const start = options.skipFirst ? 1 : 0;
  if (lines.length - start > options.maxRows) throw new Error(`${file} has ${lines.length - start} rows; at most ${options.maxRows} can be loaded. Keep the first ${options.maxRows} lines.`);
  const values: number[] = [];
  const words: string[] | null = options.leadingWord ? [] : null;
  let dim = -1;
  for (let i = start; i < lines.length; i++) {
    const cells = lines[i]!.trim().split(options.separator);
    if (words) words.push(cells.shift()!);
    const before = values.length;
    numbers(cells, file, i + 1, values);
    const width = values.length - before;
    if (dim < 0) dim = width;
    else if (width !== dim) throw new Error(`${file}, line ${i + 1}: ${width} values where earlier rows have ${dim}; every row needs the same number.`);
    if (dim === 0) throw new Error(`${file}, line ${i + 1}: no values after the word.`);
    if ((i + 1) % LINES_PER_SLICE === 0) {
      onProgress?.(i + 1, lines.length);
      await slicer.maybeYield();
    }
  }
  if (dim <= 0) throw new Error(`${file} holds no vectors.`);
  onProgress?.(lines.length, lines.length);
  return { vectors: Float32Array.from(values), dim, words };
}

/** Embedding Projector TSV: vectors (tab-separated, no header) and optional metadata, whose
 * first line is a header when it has more than one column (the Projector's rule). */
export async function parseProjectorTsv(vectorsText: string, metadataText: string | null, slicer: TimeSlicer, options: { maxRows: number; onProgress?: Progress }): Promise<ImportedEmbeddings> {
  const { vectors, dim } = await parseRows(vectorsText, 'vectors.tsv', { separator: /\t/, leadingWord: false, skipFirst: false, maxRows: options.maxRows }, slicer, options.onProgress);
  const count = vectors.length / dim;
  if (metadataText === null) return { count, dim, vectors, labels: null, metadata: null };
  const lines = splitLines(metadataText).map((l) => l.split('\t'));
  const multi = (lines[0]?.length ?? 0) > 1;
  const columns = multi ? lines[0]! : ['label'];
  const rows = multi ? lines.slice(1) : lines;
  if (rows.length !== count) throw new Error(`metadata.tsv has ${rows.length} rows${multi ? ' after its header' : ''} but vectors.tsv has ${count}; they must match line for line.`);
  const bad = rows.findIndex((r) => r.length !== columns.length);
  if (bad >= 0) throw new Error(`metadata.tsv, line ${bad + (multi ? 2 : 1)}: ${rows[bad]!.length} columns where the header has ${columns.length}.`);
  return { count, dim, vectors, labels: rows.map((r) => r[0]!), metadata: { columns, rows } };
}

/** GloVe or word2vec text: "word v1 v2 ..." per line, word2vec's "count dim" header allowed. */
export async function parseWordVectors(text: string, slicer: TimeSlicer, options: { file: string; maxRows: number; onProgress?: Progress }): Promise<ImportedEmbeddings> {
  const firstLine = text.split('\n', 1)[0]!.trim();
  const header = /^(\d+)\s+(\d+)$/.exec(firstLine);
  const parsed = await parseRows(text, options.file, { separator: /\s+/, leadingWord: true, skipFirst: header !== null, maxRows: options.maxRows }, slicer, options.onProgress);
  const count = parsed.vectors.length / parsed.dim;
  if (header && (Number(header[1]) !== count || Number(header[2]) !== parsed.dim)) {
    throw new Error(`${options.file}'s header promises ${header[1]} vectors of ${header[2]} values, but it holds ${count} of ${parsed.dim}; the file is cut short or its header is wrong.`);
  }
  return { count, dim: parsed.dim, vectors: parsed.vectors, labels: parsed.words, metadata: null };
}

const NPY_TYPES: Record<string, { bytes: number; read: (view: DataView, offset: number) => number }> = {
  '<f4': { bytes: 4, read: (v, o) => v.getFloat32(o, true) },
  '<f8': { bytes: 8, read: (v, o) => v.getFloat64(o, true) },
  '<i4': { bytes: 4, read: (v, o) => v.getInt32(o, true) },
  '|u1': { bytes: 1, read: (v, o) => v.getUint8(o) },
};

/** An NPY file of shape [count, dim]. */
export function parseNpy(file: Uint8Array, name: string, maxRows: number): ImportedEmbeddings {
  const magic = String.fromCharCode(...file.subarray(0, 6));
  if (magic !== '\x93NUMPY') throw new Error(`${name} is not an NPY file (it does not start with \\x93NUMPY); save it with numpy.save.`);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const major = file[6];
  if (major !== 1 && major !== 2 && major !== 3) throw new Error(`${name} is NPY version ${major}; versions 1 to 3 can be read.`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLength;
  if (start > file.length) throw new Error(`${name}'s header is cut short.`);
  const header = new TextDecoder('latin1').decode(file.subarray(major === 1 ? 10 : 12, start));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new Error(`${name}'s header does not name descr, fortran_order and shape; save it with numpy.save.`);
  const type = NPY_TYPES[descr];
  if (!type) throw new Error(`${name} holds ${descr} values; save it as float32, float64, int32 or uint8 (e.g. array.astype('float32')).`);
  if (fortran === 'True') throw new Error(`${name} is in Fortran order; save numpy.ascontiguousarray(array) instead.`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (shape.length !== 2 || !shape.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`${name} has shape (${shapeText}); embeddings need two dimensions, (count, dim).`);
  const [count, dim] = shape as [number, number];
  if (count > maxRows) throw new Error(`${name} has ${count} rows; at most ${maxRows} can be loaded.`);
  const expected = count * dim * type.bytes;
  if (file.length - start !== expected) throw new Error(`${name} holds ${file.length - start} bytes of data where shape (${count}, ${dim}) of ${descr} needs ${expected}; the file is truncated or damaged.`);
  const vectors = new Float32Array(count * dim);
  for (let i = 0; i < vectors.length; i++) {
    const value = type.read(view, start + i * type.bytes);
    if (!Number.isFinite(value)) throw new Error(`${name}: value ${i} (row ${Math.floor(i / dim)}) is not finite.`);
    vectors[i] = value;
  }
  return { count, dim, vectors, labels: null, metadata: null };
}

/** Reads an embeddings file by its kind: `.npy`, a Projector `.tsv` (with `metadataPath`, or
 * the metadata.tsv beside it when there is one), else GloVe / word2vec text. A cancelled
 * `signal` makes it throw CancelledError. */
export async function loadEmbeddingFile(
  path: string,
  options: { metadataPath?: string | undefined; maxRows: number; onProgress?: Progress | undefined; signal?: AbortSignal | undefined },
): Promise<ImportedEmbeddings> {
  const name = basename(path);
  const bytes = await readFile(path).catch(() => {
    throw new Error(`Cannot read ${path}; check the path.`);
  });
  if (name.endsWith('.npy')) return parseNpy(bytes, name, options.maxRows);
  // cancelling stops the parse at its next slice
  const slicer = new TimeSlicer(options.signal);
  slicer.check();
  const text = bytes.toString('utf8');
  if (!name.endsWith('.tsv')) return parseWordVectors(text, slicer, { file: name, maxRows: options.maxRows, onProgress: options.onProgress });
  const beside = join(dirname(path), 'metadata.tsv');
  const metadataPath = options.metadataPath ?? (beside !== path ? beside : undefined);
  const metadata = metadataPath === undefined ? null : await readFile(metadataPath, 'utf8').catch(() => {
    if (options.metadataPath) throw new Error(`Cannot read ${options.metadataPath}; check the path.`);
    return null;
  });
  return parseProjectorTsv(text, metadata, slicer, { maxRows: options.maxRows, onProgress: options.onProgress });
}
