import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import type { MethodParams } from '../../../src-main/protocol';
import { exportMethods, MAX_UPLOAD_CHUNK_BYTES } from '../../../src-main/protocol/export';
import type { ModelImportResult } from '../../../src-main/protocol/export';
import { CHUNKS_IN_FLIGHT, describeFolder, folderFiles, importOutcome, ModelImport, parsePaths } from './model-upload.svelte';
import type { FolderFile, ModelUploadApi } from './model-upload.svelte';

const KiB = 1024;

/** `n` bytes that differ from chunk to chunk, so a reordered or shifted chunk shows. */
function bytesOf(n: number, seed = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed + (i >> 10)) & 0xff;
  return out;
}

function file(path: string, bytes: Uint8Array): FolderFile {
  return { path, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) };
}

const RESULT: ModelImportResult = {
  runId: '20261127T100000Z-ab12',
  family: 'vae',
  kind: 'export',
  from: '20261126T090000Z-cd34',
  parts: ['encoder', 'decoder'],
  message: 'Its encoder and decoder are in; the optimizer starts afresh.',
};

interface Hooks {
  /** called when the engine takes chunk number `index` (0-based, over the whole upload), before it answers */
  onChunk?: (index: number, params: MethodParams<'uploadModelChunk'>) => void;
  onBegin?: () => void;
  importError?: string;
}

/** An engine that holds to the contract (every request is parsed by its schema), takes chunks
 * one after another a moment after they arrive (as the real one queues them), keeps what
 * arrives per path, and records the order of calls and how many chunks waited at most. */
function fakeEngine(hooks: Hooks = {}) {
  const calls: string[] = [];
  const chunks: { path: string; offset: number; length: number }[] = [];
  const received = new Map<string, Uint8Array>();
  const announced: { path: string; bytes: number }[] = [];
  const imports: MethodParams<'importModel'>[] = [];
  const stats = { waiting: 0, maxWaiting: 0 };
  let total = 0;
  let queue: Promise<unknown> = Promise.resolve();

  function take(index: number, params: MethodParams<'uploadModelChunk'>): { received: number } {
    hooks.onChunk?.(index, params);
    const kept = received.get(params.path) ?? new Uint8Array(0);
    // the engine appends in order: a chunk at another offset is an error there
    if (params.offset !== kept.length) throw new WorkbenchError('bad-request', `chunk of ${params.path} at ${params.offset}, expected ${kept.length}`);
    const grown = new Uint8Array(kept.length + params.bytes.length);
    grown.set(kept);
    grown.set(params.bytes, kept.length);
    received.set(params.path, grown);
    total += params.bytes.byteLength;
    return { received: total };
  }

  const api: ModelUploadApi = {
    beginModelUpload: async (params) => {
      exportMethods.beginModelUpload.params.parse(params);
      calls.push('begin');
      announced.push(...params.files);
      hooks.onBegin?.();
      return { uploadId: 'up-1' };
    },
    uploadModelChunk: (params) => {
      exportMethods.uploadModelChunk.params.parse(params);
      const index = chunks.length;
      calls.push(`chunk ${params.path}@${params.offset}`);
      chunks.push({ path: params.path, offset: params.offset, length: params.bytes.byteLength });
      stats.maxWaiting = Math.max(stats.maxWaiting, ++stats.waiting);
      const work = queue.then(() => new Promise((resolve) => setTimeout(resolve, 1))).then(() => take(index, params));
      queue = work.catch(() => {});
      return work.finally(() => stats.waiting--);
    },
    cancelModelUpload: async (params) => {
      exportMethods.cancelModelUpload.params.parse(params);
      calls.push(`cancel ${params.uploadId}`);
      return {};
    },
    importModel: async (params) => {
      exportMethods.importModel.params.parse(params);
      calls.push('import');
      imports.push(params);
      if (hooks.importError) throw new WorkbenchError('bad-request', hooks.importError);
      return RESULT;
    },
  };
  return { api, calls, chunks, received, announced, imports, stats };
}

describe('ModelImport: uploading a picked folder', () => {
  it('announces every file, then sends each in order in chunks of at most 512 KiB, and imports the upload', async () => {
    const exact = bytesOf(MAX_UPLOAD_CHUNK_BYTES, 1);
    const overByOne = bytesOf(MAX_UPLOAD_CHUNK_BYTES + 1, 2);
    const files = [file('vae/encoder/model.json', bytesOf(300, 3)), file('vae/encoder/empty.txt', new Uint8Array(0)), file('vae/decoder/group1-shard1of1.bin', overByOne), file('vae/decoder/exact.bin', exact)];
    const engine = fakeEngine();
    const upload = new ModelImport(engine.api);
    upload.choose(files);
    expect(upload.picked).toMatchObject({ name: 'vae', bytes: 300 + overByOne.length + exact.length, problem: null });

    const result = await upload.importFolder();

    expect(engine.announced).toEqual(files.map((f) => ({ path: f.path, bytes: f.blob.size })));
    // exactly 512 KiB is one chunk, one byte more is two, an empty file none
    expect(engine.chunks).toEqual([
      { path: 'vae/encoder/model.json', offset: 0, length: 300 },
      { path: 'vae/decoder/group1-shard1of1.bin', offset: 0, length: MAX_UPLOAD_CHUNK_BYTES },
      { path: 'vae/decoder/group1-shard1of1.bin', offset: MAX_UPLOAD_CHUNK_BYTES, length: 1 },
      { path: 'vae/decoder/exact.bin', offset: 0, length: MAX_UPLOAD_CHUNK_BYTES },
    ]);
    expect(engine.calls[0]).toBe('begin');
    expect(engine.calls.at(-1)).toBe('import');
    // what arrived is what was picked, byte for byte (Buffer compares 512 KiB at once)
    expect(Buffer.from(engine.received.get('vae/decoder/group1-shard1of1.bin')!).equals(overByOne)).toBe(true);
    expect(Buffer.from(engine.received.get('vae/decoder/exact.bin')!).equals(exact)).toBe(true);
    expect(engine.received.has('vae/encoder/empty.txt')).toBe(false);
    expect(engine.imports).toEqual([{ source: { kind: 'upload', uploadId: 'up-1' } }]);
    expect(result).toEqual(RESULT);
    expect(upload.status).toBe('done');
    expect(upload.progress).toBe(1);
  });

  it('counts progress in bytes the engine acknowledged', async () => {
    const seen: number[] = [];
    let upload: ModelImport | null = null;
    const engine = fakeEngine({ onChunk: () => seen.push(upload!.sent) });
    upload = new ModelImport(engine.api);
    upload.choose([file('run/a.bin', bytesOf(2 * MAX_UPLOAD_CHUNK_BYTES + 10)), file('run/b.bin', bytesOf(10))]);
    await upload.importFolder();
    // before each chunk's answer, the bytes of the chunks before it
    expect(seen).toEqual([0, MAX_UPLOAD_CHUNK_BYTES, 2 * MAX_UPLOAD_CHUNK_BYTES, 2 * MAX_UPLOAD_CHUNK_BYTES + 10]);
    expect(upload.sent).toBe(2 * MAX_UPLOAD_CHUNK_BYTES + 20);
  });

  it('keeps a few chunks unanswered at a time, never more', async () => {
    const engine = fakeEngine();
    const upload = new ModelImport(engine.api);
    upload.choose([file('run/a.bin', bytesOf(10 * MAX_UPLOAD_CHUNK_BYTES))]);
    await upload.importFolder();
    expect(engine.chunks.map((c) => c.offset)).toEqual(Array.from({ length: 10 }, (_, i) => i * MAX_UPLOAD_CHUNK_BYTES));
    expect(engine.stats.maxWaiting).toBe(CHUNKS_IN_FLIGHT);
    expect(upload.status).toBe('done');
  });

  it('cancelled mid-way: sends nothing more, drops the upload once and imports nothing', async () => {
    let upload: ModelImport | null = null;
    let sentBeforeCancel = 0;
    const engine = fakeEngine({
      onChunk: (index) => {
        if (index !== 1) return;
        sentBeforeCancel = engine.chunks.length;
        upload!.cancel();
      },
    });
    upload = new ModelImport(engine.api);
    upload.choose([file('run/a.bin', bytesOf(12 * MAX_UPLOAD_CHUNK_BYTES)), file('run/b.bin', bytesOf(100))]);
    expect(await upload.importFolder()).toBeNull();
    expect(sentBeforeCancel).toBeGreaterThan(1);
    expect(engine.chunks).toHaveLength(sentBeforeCancel);
    expect(engine.calls.filter((c) => c.startsWith('cancel'))).toEqual(['cancel up-1']);
    expect(engine.imports).toEqual([]);
    expect(upload.status).toBe('cancelled');
    expect(upload.error).toBeNull();
  });

  it('cancelled before the engine gave the upload an id: drops it as soon as it has one', async () => {
    let upload: ModelImport | null = null;
    const engine = fakeEngine({ onBegin: () => upload!.cancel() });
    upload = new ModelImport(engine.api);
    upload.choose([file('run/a.bin', bytesOf(10))]);
    await upload.importFolder();
    expect(engine.calls).toEqual(['begin', 'cancel up-1']);
    expect(upload.status).toBe('cancelled');
  });

  it('an engine error stops the upload and is shown as the engine’s sentence', async () => {
    const refusal = 'The disk holding the data directory is full: free some space and import again.';
    const engine = fakeEngine({
      onChunk: (index) => {
        if (index === 1) throw new WorkbenchError('internal', refusal);
      },
    });
    const upload = new ModelImport(engine.api);
    upload.choose([file('run/a.bin', bytesOf(12 * MAX_UPLOAD_CHUNK_BYTES))]);
    expect(await upload.importFolder()).toBeNull();
    // the chunks already on their way when the refusal came, and no more
    expect(engine.chunks.length).toBeLessThanOrEqual(2 + CHUNKS_IN_FLIGHT);
    expect(engine.imports).toEqual([]);
    // the first refusal, not the later chunks' (refused for coming after a missing one)
    expect(upload.status).toBe('error');
    expect(upload.error).toBe(refusal);
    // the half-sent files are not left with the engine
    expect(engine.calls.at(-1)).toBe('cancel up-1');
    upload.dismissError();
    expect([upload.status, upload.error]).toEqual(['idle', null]);
  });

  it('a refused import keeps the engine’s sentence and no result', async () => {
    const refusal = 'vae/decoder/group1-shard1of1.bin holds 1000 bytes but model.json needs 4096: the weights are cut short; export the run again.';
    const upload = new ModelImport(fakeEngine({ importError: refusal }).api);
    upload.choose([file('vae/decoder/model.json', bytesOf(5))]);
    await upload.importFolder();
    expect([upload.status, upload.error, upload.result]).toEqual(['error', refusal, null]);
  });

  it('does not send a folder it already knows the engine cannot take', async () => {
    const engine = fakeEngine();
    const upload = new ModelImport(engine.api);
    upload.choose([file('run/bad:name.json', bytesOf(5))]);
    expect(upload.picked?.problem).toMatch(/^run\/bad:name\.json cannot be uploaded .*rename it/);
    expect(await upload.importFolder()).toBeNull();
    expect(engine.calls).toEqual([]);
  });
});

describe('ModelImport: folders on the engine’s disk', () => {
  it('imports the paths typed one per line, blank lines and repeats left out', async () => {
    const engine = fakeEngine();
    const upload = new ModelImport(engine.api);
    const result = await upload.importPaths('  /exports/enc \n\n/exports/dec\n/exports/enc\n');
    expect(engine.imports).toEqual([{ source: { kind: 'paths', paths: ['/exports/enc', '/exports/dec'] } }]);
    expect(engine.calls).toEqual(['import']);
    expect(result).toEqual(RESULT);
    expect(importOutcome(RESULT)).toBe(`Imported run ${RESULT.runId} (Variational autoencoder) — ${RESULT.message}`);
  });

  it('says what to fix in the paths instead of asking the engine', async () => {
    expect(parsePaths(' \n ').problem).toMatch(/one per line/);
    expect(parsePaths(Array.from({ length: 9 }, (_, i) => `/p${i}`).join('\n')).problem).toMatch(/at most 8 folders/);
    expect(parsePaths('/a\r\n/b')).toEqual({ paths: ['/a', '/b'], problem: null });
    const engine = fakeEngine();
    expect(await new ModelImport(engine.api).importPaths('')).toBeNull();
    expect(engine.calls).toEqual([]);
  });
});

describe('describeFolder / folderFiles', () => {
  it('names the picked folder by the first path segment and sums its bytes', () => {
    const picked = describeFolder([file('my-run/run.json', bytesOf(10)), file('my-run/checkpoints/best/manifest.json', bytesOf(7))]);
    expect(picked).toMatchObject({ name: 'my-run', bytes: 17, problem: null });
    expect(describeFolder([]).problem).toMatch(/no files: pick the run folder/);
  });

  it('keeps the path the folder picker gave each file', () => {
    const picked = Object.assign(new File(['x'], 'model.json'), { webkitRelativePath: 'export/model.json' });
    const loose = new File(['yy'], 'metadata.json');
    expect(folderFiles([picked, loose]).map((f) => [f.path, f.blob.size])).toEqual([
      ['export/model.json', 1],
      ['metadata.json', 2],
    ]);
  });
});
