/** `latent export RUN --what W --format F [--out DIR]`: a run's encoder, decoder or model as
 * TensorFlow.js layers files or ONNX, a split's latent codes as Embedding Projector files,
 * NPY or CSV, or its report; `latent import-model DIR...`, which makes tfjs exports a run
 * again; and `latent neighbours FILE`, word-vector queries on imported embeddings. */
import { join, resolve } from 'node:path';
import { FORMATS_OF } from '../protocol/export';
import type { ExportWhat } from '../protocol/export';
import { parseBackendName, selectBackend } from '../engine/backend';
import { defaultDataDir } from '../engine/data-dir';
import { DatasetRegistry } from '../engine/data/registry';
import { EMBEDDING_SPLITS, exportEmbeddings } from '../engine/export/export-embeddings';
import type { EmbeddingFormat } from '../engine/export/export-embeddings';
import { unexportable } from '../engine/export/export-graph';
import { EXPORTS_DIR, exportIdOf } from '../engine/export/export-handlers';
import { loadEmbeddingFile } from '../engine/export/embedding-import';
import { exportRunModel } from '../engine/export/export-model';
import type { ModelFormat } from '../engine/export/export-model';
import { importFrom } from '../engine/export/import-source';
import { exportRunReport } from '../engine/export/run-report';
import { parseArithmetic, unitRows, wordArithmetic } from '../engine/export/word-queries';
import { RunModels } from '../engine/inference/run-models';
import { historyFromLines } from '../engine/runs/run-history';
import { RunStore } from '../engine/runs/run-store';
import { UsageError } from './usage-error';

export interface ExportOptions {
  json: boolean;
  runId: string | undefined;
  what?: string | undefined;
  format?: string | undefined;
  out?: string | undefined;
  split?: string | undefined;
  projection?: boolean;
  runs?: string | undefined;
}

const WHATS = Object.keys(FORMATS_OF) as ExportWhat[];

export async function exportCommand(options: ExportOptions): Promise<number> {
  if (!options.runId) throw new UsageError('export needs the run id (see `latent runs`).');
  const what = oneOf('--what', options.what ?? '', WHATS);
  const allowed = FORMATS_OF[what];
  const format = oneOf('--format', options.format ?? allowed[0]!, allowed);
  if (what !== 'embeddings' && (options.split !== undefined || options.projection)) throw new UsageError('--split and --projection apply to --what embeddings only.');
  const split = oneOf('--split', options.split ?? 'val', EMBEDDING_SPLITS);
  const store = new RunStore(options.runs ?? join(defaultDataDir(), 'runs'));
  const record = await store.read(options.runId).catch(() => {
    throw new UsageError(`There is no readable run ${options.runId} in ${store.root}.`);
  });
  const why = what === 'report' ? null : unexportable(record.config.model, what);
  if (why) throw new UsageError(why);
  const dir = options.out === undefined ? join(defaultDataDir(), EXPORTS_DIR, exportIdOf({ runId: record.id, what, format })) : resolve(options.out);

  await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) });
  const models = new RunModels(store, new DatasetRegistry(defaultDataDir()));
  try {
    const announce = (weights: string) => process.stderr.write(`Exporting the ${what} of run ${record.id} (${record.config.model}, ${weights}) as ${format} into ${dir}\n`);
    let files: string[];
    let extra: Record<string, unknown> = {};
    if (what === 'report') {
      // a report needs no checkpoint: without one it has curves and settings but no pictures
      const handle = await models.get(record.id).catch(() => null);
      announce(handle?.weights ?? 'no checkpoint, so no pictures');
      ({ files } = await exportRunReport(handle, record, historyFromLines(await store.readMetrics(record.id)).epochs, dir));
    } else {
      const handle = await models.get(record.id);
      announce(handle.weights);
      if (what === 'embeddings') {
        const result = await exportEmbeddings(handle, dir, { format: format as EmbeddingFormat, split, projection: options.projection ?? false, onProgress: progressLine(process.stderr) });
        files = result.files;
        extra = { split, count: result.count, dim: result.dim };
        if (result.note) process.stderr.write(`${result.note}\n`);
      } else {
        const result = await exportRunModel(handle, record, what, format as ModelFormat, dir);
        files = result.files;
        extra = { maxDifference: result.maxDifference };
      }
    }
    const paths = files.map((name) => join(dir, name));
    if (options.json) process.stdout.write(JSON.stringify({ files: paths, format, what, dir, runId: record.id, ...extra }) + '\n');
    else process.stdout.write(`Wrote ${files.length} files into ${dir}: ${files.join(', ')}\n`);
    return 0;
  } finally {
    models.dispose();
  }
}

export interface ImportModelOptions {
  json: boolean;
  dirs: string[];
  runs?: string | undefined;
}

/** `latent import-model DIR...`: a run folder from another machine (the one holding run.json),
 * or tfjs folders written by `latent export` (one run's full model, or its encoder and decoder,
 * or a GAN's decoder), or a folder holding them, become a run here. */
export async function importModelCommand(options: ImportModelOptions): Promise<number> {
  if (options.dirs.length === 0) throw new UsageError('import-model needs the folders written by latent export (--format tfjs), or a run folder.');
  const store = new RunStore(options.runs ?? join(defaultDataDir(), 'runs'));
  const { backend } = await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) });
  const dirs = options.dirs.map((d) => resolve(d));
  let outcome;
  try {
    outcome = await importFrom(dirs.map((dir) => ({ dir, shown: dir })), store, new DatasetRegistry(defaultDataDir()), backend);
  } catch (error) {
    // the folders are the user's to fix: one sentence, exit 2
    throw new UsageError((error as Error).message);
  }
  const { kind, runId, dir, family, from, parts, sources, message } = outcome;
  if (options.json) {
    // a run folder's `from` is the folder it came from, with its checkpoints; an export's `from` is the run exported
    const fields = kind === 'run-folder' ? { runId, dir, family, checkpoints: parts, from: sources[0] } : { runId, dir, family, from, parts };
    process.stdout.write(JSON.stringify({ ...fields, kind, message }) + '\n');
  } else process.stdout.write(`${message} New run: ${runId} (${dir})\n`);
  return 0;
}

export interface NeighboursOptions {
  json: boolean;
  file: string | undefined;
  word?: string | undefined;
  query?: string | undefined;
  k?: string | undefined;
  metadata?: string | undefined;
}

/** Rows read at most from a vectors file (GloVe's 400,000-word vocabulary fits). */
const MAX_VECTOR_ROWS = 500_000;

/** `latent neighbours FILE --word W | --query "king - man + woman"`: the nearest words by
 * cosine similarity in word vectors (GloVe / word2vec text) or labelled embeddings
 * (Projector TSV with metadata). */
export async function neighboursCommand(options: NeighboursOptions): Promise<number> {
  if (!options.file) throw new UsageError('neighbours needs a vectors file: GloVe or word2vec text, or an Embedding Projector vectors.tsv with its metadata.tsv.');
  if ((options.word === undefined) === (options.query === undefined)) throw new UsageError('neighbours needs one of --word WORD or --query "king - man + woman".');
  const k = Number(options.k ?? '10');
  if (!Number.isInteger(k) || k < 1 || k > 1000) throw new UsageError(`--k must be a whole number from 1 to 1000, not "${options.k}".`);
  let embeddings;
  let query;
  try {
    query = options.word !== undefined ? { plus: [options.word], minus: [] } : parseArithmetic(options.query!);
    embeddings = await loadEmbeddingFile(resolve(options.file), { metadataPath: options.metadata === undefined ? undefined : resolve(options.metadata), maxRows: MAX_VECTOR_ROWS, onProgress: progressLine(process.stderr, 'lines') });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const words = embeddings.labels;
  if (!words) throw new UsageError(`${options.file} has no words or labels to look up; use word vectors, or a vectors.tsv with its metadata.tsv (--metadata PATH).`);
  let matches;
  try {
    matches = wordArithmetic(unitRows(embeddings.vectors, embeddings.dim), embeddings.dim, words, query, k);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const rows = matches.map((m) => ({ word: words[m.index]!, similarity: m.similarity }));
  if (options.json) process.stdout.write(JSON.stringify({ query, count: embeddings.count, dim: embeddings.dim, neighbours: rows }) + '\n');
  else process.stdout.write(rows.map((r) => `${r.similarity.toFixed(4)}  ${r.word}`).join('\n') + '\n');
  return 0;
}

/** `text` when it is one of `allowed`, else a UsageError naming the flag. */
function oneOf<T extends string>(flag: string, text: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` : allowed[0];
  throw new UsageError(text ? `${flag} must be ${list} here, not "${text}".` : `export needs ${flag}: ${list}.`);
}

/** A progress bar rewritten in place on a terminal; nothing in a log. */
function progressLine(stream: NodeJS.WriteStream, unit = 'images'): (done: number, total: number) => void {
  return (done, total) => {
    if (!stream.isTTY) return;
    const bar = '#'.repeat(Math.round((done / total) * 24)).padEnd(24, '.');
    stream.write(`\r[${bar}] ${done}/${total} ${unit}${done === total ? '\n' : ''}`);
  };
}
