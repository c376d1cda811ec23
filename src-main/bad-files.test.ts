// The shared corpus of malformed datasets and model files (test-fixtures/bad-files): every
// entry of its manifest goes through the importer a user's file would, and must be refused
// with one sentence naming the file and the problem, leaving nothing partial on disk and the
// dataset and run already there untouched.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { selectBackend } from './engine/backend';
import { writeIdx } from './engine/data/idx';
import { loadImported, runImport } from './engine/data/imported';
import type { DatasetRegistry } from './engine/data/registry';
import { loadEmbeddingFile } from './engine/export/embedding-import';
import { blobSet, trainedRun } from './engine/export/export-fixture';
import { exportRunModel } from './engine/export/export-model';
import { importExportedModel } from './engine/export/import-model';
import { RunStore } from './engine/runs/run-store';

const CORPUS = resolve('test-fixtures/bad-files');

const Entry = z.strictObject({
  id: z.string(),
  importer: z.enum(['dataset', 'tfjs-model', 'embeddings']),
  /** relative to the corpus, or to the generated files' folder when `generate` is given */
  file: z.string(),
  options: z.strictObject({ labelsPath: z.string().optional(), size: z.number().int().optional() }).optional(),
  /** the file the message must name, when not `file` itself */
  names: z.string().optional(),
  /** a regular expression the message must match */
  expect: z.string(),
  generate: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('sparse-idx'), count: z.number().int(), side: z.number().int(), bytes: z.number().int() }),
      z.strictObject({
        kind: z.literal('tfjs-export'),
        truncate: z.strictObject({ file: z.string(), bytes: z.number().int() }).optional(),
        metadata: z.record(z.string(), z.unknown()).optional(),
      }),
    ])
    .optional(),
  /** known shortfalls of the message, each with why; the test checks they are still there, so fixing one means removing it */
  gaps: z.strictObject({ unnamed: z.string().optional(), sentences: z.string().optional() }).optional(),
});
type Entry = z.infer<typeof Entry>;
const manifest = z.strictObject({ about: z.string(), entries: z.array(Entry).min(1) }).parse(JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')));

/** What the issue asks the corpus to hold. */
const REQUIRED = [
  'idx-wrong-magic',
  'idx-truncated',
  'idx-truncated-gzip',
  'idx-label-count-mismatch',
  'npy-unsupported-dtype',
  'npy-lying-header',
  'npy-huge-declared-shape',
  'folder-mixed-sizes',
  'folder-undecodable-png',
  'tfjs-truncated-weights',
  'tfjs-wrong-image-shape',
  'vectors-non-numeric-row',
  'word2vec-wrong-header',
];

const work = mkdtempSync(join(tmpdir(), 'latent-bad-files-'));
const generated = join(work, 'generated-files');
const dataDir = join(work, 'home');
// the run store alone in its folder, so temporary folders an import leaves beside it show up
const runsParent = join(work, 'runs-parent');
const store = new RunStore(join(runsParent, 'runs'));
const dataset = blobSet(60);
const datasets = { open: async (id: string) => (id === 'blobs' ? dataset : Promise.reject(new Error('no such dataset'))) } as unknown as DatasetRegistry;
let goodExport = '';
let existingRunId = '';

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under `dir` with its size and hash; empty when the folder does not exist. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    if (!existsSync(at)) return;
    if (statSync(at).isDirectory()) {
      for (const name of readdirSync(at)) walk(join(at, name));
      // an empty folder counts too: a partial import may leave one
      if (readdirSync(at).length === 0) out[`${relative(dir, at)}/`] = 'empty folder';
      return;
    }
    out[relative(dir, at)] = createHash('sha256').update(readFileSync(at)).digest('hex');
  };
  walk(dir);
  return out;
}

function pathOf(entry: Entry, file = entry.file): string {
  return entry.generate && file === entry.file ? join(generated, file) : join(CORPUS, file);
}

async function generate(entry: Entry): Promise<void> {
  const spec = entry.generate;
  const path = pathOf(entry);
  if (!spec) return;
  mkdirSync(generated, { recursive: true });
  if (spec.kind === 'sparse-idx') {
    // a header declaring the images, then a hole up to the declared size: nothing to read
    const header = writeIdx({ dtype: 'uint8', shape: [1, 1, 1], data: new Uint8Array(1) }).subarray(0, 16);
    const view = new DataView(header.buffer, header.byteOffset);
    view.setUint32(4, spec.count, false);
    view.setUint32(8, spec.side, false);
    view.setUint32(12, spec.side, false);
    const handle = await open(path, 'w');
    await handle.write(header, 0, 16, 0);
    await handle.truncate(spec.bytes);
    await handle.close();
    return;
  }
  cpSync(goodExport, path, { recursive: true });
  if (spec.truncate) truncateSync(join(path, spec.truncate.file), spec.truncate.bytes);
  if (spec.metadata) {
    const metaFile = join(path, 'metadata.json');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(spec.metadata)) {
      const old = meta[key];
      // objects are merged one level deep (config.latentDim), anything else replaced
      meta[key] = typeof old === 'object' && old !== null ? { ...old, ...(value as object) } : value;
    }
    writeFileSync(metaFile, JSON.stringify(meta));
  }
}

/** Runs the entry through its importer; returns the refusal's message (fails if it was accepted). */
async function refusal(entry: Entry): Promise<string> {
  const path = pathOf(entry);
  let attempt: Promise<unknown>;
  if (entry.importer === 'dataset') {
    const labelsPath = entry.options?.labelsPath === undefined ? undefined : pathOf(entry, entry.options.labelsPath);
    attempt = runImport(
      dataDir,
      { path, name: entry.id, rgb: false, valFraction: 0.2, seed: 7, labelsPath, size: entry.options?.size },
      new Set(['existing']),
      new AbortController().signal,
      () => undefined,
    );
  } else if (entry.importer === 'tfjs-model') {
    attempt = importExportedModel([path], store, datasets, 'wasm');
  } else {
    attempt = loadEmbeddingFile(path, { maxRows: 70_000 });
  }
  const outcome = await attempt.then(
    () => null,
    (error: unknown) => error,
  );
  if (outcome === null) throw new Error(`${entry.id}: ${path} was accepted; it must be refused`);
  expect(outcome).toBeInstanceOf(Error);
  return (outcome as Error).message;
}

describe('the corpus of bad files', () => {
  const corpusBefore = snapshot(CORPUS);
  let existingImages: Uint8Array;

  beforeAll(async () => {
    expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
    // a dataset and a run already there, which no refused import may touch
    mkdirSync(generated, { recursive: true });
    existingImages = Uint8Array.from({ length: 10 * 16 }, (_, i) => (i * 7) % 256);
    const good = join(work, 'good.idx');
    writeFileSync(good, writeIdx({ dtype: 'uint8', shape: [10, 4, 4], data: existingImages }));
    await runImport(dataDir, { path: good, name: 'Existing', rgb: false, valFraction: 0.2, seed: 7 }, new Set(), new AbortController().signal, () => undefined);
    const { handle, record } = await trainedRun('dense-ae', dataset);
    goodExport = join(work, 'good-export');
    await exportRunModel(handle, record, 'model', 'tfjs', goodExport);
    handle.model.dispose();
    existingRunId = (await importExportedModel([goodExport], store, datasets, 'wasm')).runId;
  });

  it('holds every kind of bad file asked for, and every file in it is in the manifest', () => {
    const ids = manifest.entries.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(REQUIRED));
    const used = manifest.entries.filter((e) => !e.generate).flatMap((e) => [e.file, e.names, e.options?.labelsPath].filter((f): f is string => f !== undefined));
    const stray = Object.keys(corpusBefore).filter((f) => f !== 'manifest.json' && f !== 'make.mjs' && !used.some((u) => f === u || f.startsWith(`${u}/`)));
    expect(stray).toEqual([]);
  });

  it.each(manifest.entries.map((e) => [e.id, e] as const))('%s is refused with one sentence naming the file, leaving nothing behind', async (_, entry) => {
    await generate(entry);
    const dataBefore = snapshot(dataDir);
    const runsBefore = snapshot(runsParent);
    const message = await refusal(entry);

    expect(message).toMatch(new RegExp(entry.expect));
    // one line and one sentence, short enough to read at a glance once the paths are left out
    expect(message).not.toMatch(/\n/);
    const text = message.replaceAll(work, '').replaceAll(CORPUS, '');
    expect(text.length).toBeLessThan(300);
    const sentences = text.split(/[.?!]\s+(?=[A-Z])/).length;
    if (entry.gaps?.sentences) expect(sentences, `${entry.id} is one sentence now: remove its gaps.sentences`).toBe(2);
    else expect(sentences).toBe(1);
    // the path the user gave for datasets and models; the file's name for embeddings, as they say
    const named = entry.importer === 'embeddings' ? basename(pathOf(entry)) : pathOf(entry, entry.names);
    if (entry.gaps?.unnamed) expect(message, `${entry.id} names its file now: remove its gaps.unnamed`).not.toContain(named);
    else expect(message).toContain(named);

    expect(snapshot(dataDir)).toEqual(dataBefore);
    expect(snapshot(runsParent)).toEqual(runsBefore);
  });

  it('left the existing dataset, the existing run and the corpus as they were', async () => {
    expect(readdirSync(join(dataDir, 'imports'))).toEqual(['existing']);
    expect((await loadImported(dataDir, 'existing')).images).toEqual(existingImages);
    expect(readdirSync(store.root)).toEqual([existingRunId]);
    expect(readdirSync(runsParent)).toEqual(['runs']);
    expect(snapshot(CORPUS)).toEqual(corpusBefore);
  });
});
