// Embedding files through the engine's front door (requests, results and events checked by
// the contract): a generated 5,000 x 50 GloVe file loads with progress, maps with PCA and
// UMAP, answers word and analogy queries; a Projector TSV pair brings its metadata; bad
// paths, bad files, unknown words and cancelled loads are refused in a sentence. A file's
// finished map is kept: the same projection again (also after a restart) is shown at once
// with the same coordinates and no fit; other settings, a changed file or a damaged kept
// map refit; a maps folder that cannot be written still shows the map.
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddingProgress, MethodName, MethodParams, MethodResult, ProjectionProgress } from '../../protocol';
import { checkEvent, checkRequest, checkResult } from '../../protocol';
import { selectBackend } from '../backend';
import type { BackendChoice } from '../backend';
import { Engine } from '../engine';
import { npy } from '../export/embedding-files';
import { pca as pcaFit } from './pca';
import { umap as umapFit } from './umap';
import { gloveText } from './word-vector-fixture';

// the real fits, counted: a kept map must be shown without calling them
vi.mock('./umap', async (original) => {
  const real = await original<typeof import('./umap')>();
  return { ...real, umap: vi.fn(real.umap) };
});
vi.mock('./pca', async (original) => {
  const real = await original<typeof import('./pca')>();
  return { ...real, pca: vi.fn(real.pca) };
});

let backend: BackendChoice;
let dir: string;
let glove: string;

beforeAll(async () => {
  backend = await selectBackend({ preferred: 'wasm' });
  dir = await mkdtemp(join(tmpdir(), 'latent-embeddings-'));
  glove = join(dir, 'glove.5000.50d.txt');
  await writeFile(glove, gloveText(5000, 50));
});

function engine(dataDir = dir) {
  const loading: EmbeddingProgress[] = [];
  const projection: ProjectionProgress[] = [];
  const instance = new Engine({
    backend,
    dataDir,
    emit: (event, payload) => {
      const checked = checkEvent({ type: 'event', event, payload });
      if (!checked.ok) throw new Error(checked.error.message);
      if (event === 'embeddingProgress') loading.push(payload as EmbeddingProgress);
      if (event === 'projectionProgress') projection.push(payload as ProjectionProgress);
    },
  });
  const call = async <M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> => {
    const checked = checkRequest({ type: 'request', id: 1, method, params });
    if (!checked.ok) throw new Error(checked.error.message);
    const result = await instance.handle(checked.value);
    const valid = checkResult(method, result);
    if (!valid.ok) throw new Error(valid.error.message);
    return valid.value;
  };
  const waitFor = <T>(pick: () => T | undefined): Promise<T> =>
    new Promise((resolve) => {
      const timer = setInterval(() => {
        const found = pick();
        if (found !== undefined) {
          clearInterval(timer);
          resolve(found);
        }
      }, 5);
    });
  const ended = (id: string) => waitFor(() => loading.find((e) => e.embeddingId === id && e.kind !== 'reading'));
  const finished = (id: string) => waitFor(() => projection.find((e) => e.projectionId === id && e.kind === 'finished'));
  /** Opens `path` and waits until it has loaded. */
  const load = async (path: string): Promise<string> => {
    const { embeddingId } = await call('openEmbeddingFile', { path });
    expect(await ended(embeddingId)).toMatchObject({ kind: 'loaded' });
    return embeddingId;
  };
  /** Projects the open file to its end: the events' kinds, the last layout and the end. */
  const project = async (params: MethodParams<'startEmbeddingProjection'>) => {
    const started = await call('startEmbeddingProjection', params);
    expect(started.kept).toBeNull();
    const end = await finished(started.projectionId);
    const events = projection.filter((e) => e.projectionId === started.projectionId);
    const layout = events.filter((e) => e.kind === 'layout').at(-1);
    if (end.kind !== 'finished' || layout?.kind !== 'layout') throw new Error('the projection sent no layout or end');
    return { started, end, layout, kinds: [...new Set(events.map((e) => e.kind))] };
  };
  return { call, loading, projection, ended, finished, load, project };
}

/** Times the fits have run since the last call. */
function fits(): { umap: number; pca: number } {
  const counts = { umap: vi.mocked(umapFit).mock.calls.length, pca: vi.mocked(pcaFit).mock.calls.length };
  vi.mocked(umapFit).mockClear();
  vi.mocked(pcaFit).mockClear();
  return counts;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('embedding files in the engine', () => {
  it('loads 5,000 GloVe vectors with progress, maps them with PCA and UMAP, and answers word queries', async () => {
    const { call, loading, projection, ended, finished } = engine();
    const started = performance.now();
    const { embeddingId } = await call('openEmbeddingFile', { path: glove });
    const end = await ended(embeddingId);
    console.log(`5,000 x 50 GloVe file loaded in ${(performance.now() - started).toFixed(0)} ms`);
    expect(end).toMatchObject({ kind: 'loaded', name: 'glove.5000.50d.txt', count: 5000, dim: 50, labelled: true });
    const reading = loading.filter((e) => e.kind === 'reading');
    expect(reading.length).toBeGreaterThan(1);
    expect(reading.at(-1)).toMatchObject({ done: 5000, total: 5000 });

    const rows = await call('getEmbeddingRows', { embeddingId });
    expect(rows.labels!.slice(0, 5)).toEqual(['king', 'queen', 'man', 'woman', 't4_4']);
    expect(rows.metadata).toBeNull();

    const pca = await call('startEmbeddingProjection', { embeddingId, method: 'pca' });
    expect(pca).toMatchObject({ count: 5000, total: 5000, kept: null });
    expect(await finished(pca.projectionId)).toMatchObject({ status: 'completed' });
    const pcaEvents = projection.filter((e) => e.projectionId === pca.projectionId);
    expect(pcaEvents.some((e) => e.kind === 'encoded')).toBe(false);
    const layout = pcaEvents.find((e) => e.kind === 'layout');
    expect(layout?.kind === 'layout' && layout.coords.length).toBe(10_000);

    const umapStarted = performance.now();
    const umap = await call('startEmbeddingProjection', { embeddingId, method: 'umap', umap: { metric: 'cosine', epochs: 50 } });
    const umapEnd = await finished(umap.projectionId);
    console.log(`UMAP of 5,000 x 50 word vectors (50 epochs) in ${(performance.now() - umapStarted).toFixed(0)} ms`);
    expect(umapEnd).toMatchObject({ status: 'completed' });
    const umapLayouts = projection.filter((e) => e.projectionId === umap.projectionId && e.kind === 'layout');
    expect(umapLayouts.length).toBeGreaterThan(1);
    // the topic clusters survive: a well-kept map
    expect(umapEnd.kind === 'finished' && umapEnd.quality!.trustworthiness).toBeGreaterThan(0.9);

    const near = await call('queryEmbedding', { embeddingId, query: 't7_57', k: 5 });
    expect(near.kind).toBe('neighbours');
    expect(near.queryIndices).toEqual([57]);
    expect(near.matches).toHaveLength(5);
    // neighbours share the topic (index % 50), the word itself is left out, best first
    for (const m of near.matches) expect(m.index % 50).toBe(7);
    expect(near.matches.map((m) => m.label)).not.toContain('t7_57');
    expect(near.matches.map((m) => m.similarity)).toEqual([...near.matches.map((m) => m.similarity)].sort((a, b) => b - a));

    const analogy = await call('queryEmbedding', { embeddingId, query: 'king - man + woman', k: 3 });
    expect(analogy).toMatchObject({ kind: 'analogy', queryIndices: [0, 3, 2] });
    expect(analogy.matches[0]).toMatchObject({ index: 1, label: 'queen' });

    await expect(call('queryEmbedding', { embeddingId, query: 'kingdom' })).rejects.toThrow(`"kingdom" is not in glove.5000.50d.txt's vocabulary; check its spelling`);
    await expect(call('queryEmbedding', { embeddingId, query: 'king - man + quen' })).rejects.toThrow('"quen" is not in');
    await expect(call('queryEmbedding', { embeddingId, query: '- man' })).rejects.toThrow('adds no word');
  }, 60_000);

  it('a Projector TSV pair brings its metadata columns; bad paths and files are refused', async () => {
    const { call, ended } = engine();
    const vectors = join(dir, 'vectors.tsv');
    await writeFile(vectors, '1\t0\t0\n0.9\t0.1\t0\n0\t1\t0\n0\t0.9\t0.2\n');
    await writeFile(join(dir, 'metadata.tsv'), 'word\tkind\nsun\tstar\nsol\tstar\nearth\tplanet\nterra\tplanet\n');
    const { embeddingId } = await call('openEmbeddingFile', { path: vectors });
    expect(await ended(embeddingId)).toMatchObject({ kind: 'loaded', count: 4, dim: 3, labelled: true });
    const rows = await call('getEmbeddingRows', { embeddingId });
    expect(rows.labels).toEqual(['sun', 'sol', 'earth', 'terra']);
    expect(rows.metadata).toEqual({ columns: ['word', 'kind'], rows: [['sun', 'star'], ['sol', 'star'], ['earth', 'planet'], ['terra', 'planet']] });
    const near = await call('queryEmbedding', { embeddingId, query: 'earth', k: 1 });
    expect(near.matches).toEqual([expect.objectContaining({ index: 3, label: 'terra' })]);

    await expect(call('openEmbeddingFile', { path: join(dir, 'missing.txt') })).rejects.toThrow(`There is no file at ${join(dir, 'missing.txt')} on the engine's machine; check the path.`);
    const bad = join(dir, 'bad.txt');
    await writeFile(bad, 'cat 1 2\ndog 3 x\n');
    const failed = await call('openEmbeddingFile', { path: bad });
    expect(await ended(failed.embeddingId)).toMatchObject({ kind: 'failed', message: 'bad.txt, line 2: "x" is not a number; every value must be numeric.' });
    // the failed file replaced the TSV pair, which is gone
    await expect(call('getEmbeddingRows', { embeddingId })).rejects.toThrow('is no longer open');

    await expect(call('openEmbeddingFile', { path: vectors, metadataPath: join(dir, 'missing.tsv') })).rejects.toThrow('There is no file at');

    // an unlabelled file (vectors only) maps, but has no words to look up
    const plain = join(await mkdtemp(join(dir, 'plain-')), 'vectors.tsv');
    await writeFile(plain, '1\t2\n3\t4\n5\t7\n');
    const unlabelled = await call('openEmbeddingFile', { path: plain });
    expect(await ended(unlabelled.embeddingId)).toMatchObject({ kind: 'loaded', count: 3, labelled: false });
    expect((await call('getEmbeddingRows', { embeddingId: unlabelled.embeddingId })).labels).toBeNull();
    await expect(call('queryEmbedding', { embeddingId: unlabelled.embeddingId, query: 'sun' })).rejects.toThrow('vectors.tsv has no words or labels to look up');
  });

  it('an NPY file maps with PCA; a wrong NPY header is refused', async () => {
    const { call, ended, finished } = engine();
    const file = join(dir, 'codes.npy');
    await writeFile(file, npy(Float32Array.from({ length: 40 * 4 }, (_, i) => Math.sin(i)), [40, 4]));
    const { embeddingId } = await call('openEmbeddingFile', { path: file });
    expect(await ended(embeddingId)).toMatchObject({ kind: 'loaded', name: 'codes.npy', count: 40, dim: 4, labelled: false });
    const started = await call('startEmbeddingProjection', { embeddingId, method: 'pca' });
    expect(await finished(started.projectionId)).toMatchObject({ status: 'completed' });
    const bad = join(dir, 'bad.npy');
    await writeFile(bad, Buffer.from('not numpy at all'));
    const refused = await call('openEmbeddingFile', { path: bad });
    expect(await ended(refused.embeddingId)).toMatchObject({ kind: 'failed', message: expect.stringContaining('bad.npy is not an NPY file') });
  });

  it('cancels a load in progress', async () => {
    const { call, ended } = engine();
    const big = join(dir, 'big.txt');
    await writeFile(big, gloveText(40_000, 50));
    const { embeddingId } = await call('openEmbeddingFile', { path: big });
    // the read and the first slices take well over the time this call needs
    expect(await call('cancelEmbeddingFile', { embeddingId })).toEqual({ cancelled: true });
    expect(await ended(embeddingId)).toMatchObject({ kind: 'cancelled', message: 'Loading was cancelled.' });
    expect(await call('cancelEmbeddingFile', { embeddingId })).toEqual({ cancelled: false });
    await expect(call('startEmbeddingProjection', { embeddingId })).rejects.toThrow('is no longer open');
  }, 30_000);

  it('the contract refuses malformed requests and results', () => {
    expect(checkRequest({ type: 'request', id: 1, method: 'openEmbeddingFile', params: { path: '  ' } }).ok).toBe(false);
    expect(checkRequest({ type: 'request', id: 1, method: 'openEmbeddingFile', params: { path: '/a', extra: 1 } }).ok).toBe(false);
    expect(checkRequest({ type: 'request', id: 1, method: 'queryEmbedding', params: { embeddingId: 'embedding-1', query: 'x', k: 101 } }).ok).toBe(false);
    expect(checkRequest({ type: 'request', id: 1, method: 'queryEmbedding', params: { embeddingId: 'run-1', query: 'x' } }).ok).toBe(false);
    expect(checkRequest({ type: 'request', id: 1, method: 'startEmbeddingProjection', params: { embeddingId: 'embedding-1', method: 'latent' } }).ok).toBe(false);
    expect(checkResult('getEmbeddingRows', { embeddingId: 'embedding-1', count: 2, dim: 3, labels: ['a'], metadata: null }).ok).toBe(false);
    expect(checkResult('getEmbeddingRows', { embeddingId: 'embedding-1', count: 1, dim: 3, labels: ['a'.repeat(201)], metadata: null }).ok).toBe(false);
    expect(checkEvent({ type: 'event', event: 'embeddingProgress', payload: { kind: 'reading', embeddingId: 'embedding-1', done: 5, total: 4 } }).ok).toBe(false);
    expect(checkEvent({ type: 'event', event: 'embeddingProgress', payload: { kind: 'loaded', embeddingId: 'embedding-1', name: 'a', count: 70_001, dim: 3, labelled: false, seconds: 1 } }).ok).toBe(false);
  });

  it('keeps a file\'s map: the same projection again, also after a restart, shows it at once; other settings or a changed file refit', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'latent-file-maps-'));
    const path = join(dataDir, 'words.txt');
    await writeFile(path, gloveText(800, 20, { topics: 10 }));
    const first = engine(dataDir);
    let embeddingId = await first.load(path);
    const settings = { method: 'umap', umap: { metric: 'cosine', epochs: 30 }, seed: 3 } as const;
    fits();
    const fitted = await first.project({ embeddingId, ...settings });
    expect(fitted.end).toMatchObject({ status: 'completed' });
    expect(fitted.kinds).toEqual(['layout', 'stage', 'finished']);
    expect(fits()).toMatchObject({ umap: 1 });
    expect(await readdir(join(dataDir, 'maps', 'files'))).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.lwmap$/)]);

    const shown = await first.project({ embeddingId, ...settings });
    expect(fits()).toEqual({ umap: 0, pca: 0 });
    expect(shown.started).toMatchObject({ count: 800, total: 800, kept: null });
    expect(shown.kinds).toEqual(['layout', 'finished']);
    expect(shown.layout).toMatchObject({ epoch: 30, epochs: 30, count: 800, varianceExplained: null });
    expect(Array.from(shown.layout.coords)).toEqual(Array.from(fitted.layout.coords));
    expect(shown.end).toMatchObject({ status: 'completed', quality: fitted.end.quality });

    // the app restarted: the file opened again shows the kept map
    const second = engine(dataDir);
    embeddingId = await second.load(path);
    const reopened = await second.project({ embeddingId, ...settings });
    expect(fits()).toEqual({ umap: 0, pca: 0 });
    expect(Array.from(reopened.layout.coords)).toEqual(Array.from(fitted.layout.coords));

    // other settings are other maps, each kept in turn
    await second.project({ embeddingId, ...settings, seed: 4 });
    await second.project({ embeddingId, ...settings, umap: { ...settings.umap, nNeighbors: 10 } });
    expect(fits()).toMatchObject({ umap: 2 });
    const pca = await second.project({ embeddingId, method: 'pca', seed: 3 });
    expect(fits()).toEqual({ umap: 0, pca: 1 });
    const pcaAgain = await second.project({ embeddingId, method: 'pca', seed: 3, umap: { nNeighbors: 30 } });
    expect(fits()).toEqual({ umap: 0, pca: 0 });
    expect(pcaAgain.layout).toMatchObject({ epoch: 0, epochs: 0, varianceExplained: pca.layout.varianceExplained });
    expect(Array.from(pcaAgain.layout.coords)).toEqual(Array.from(pca.layout.coords));
    expect(await readdir(join(dataDir, 'maps', 'files'))).toHaveLength(4);

    // a touched file (new modification time) is another file
    const before = await stat(path);
    await utimes(path, before.atime, new Date(before.mtimeMs + 10_000));
    embeddingId = await second.load(path);
    await second.project({ embeddingId, ...settings });
    expect(fits()).toMatchObject({ umap: 1 });
    // so is one of another size with the same time (a trailing space: the same vectors)
    const touched = await stat(path);
    await writeFile(path, (await readFile(path, 'utf8')).replace('\n', ' \n'));
    await utimes(path, touched.atime, touched.mtime);
    embeddingId = await second.load(path);
    const resized = await second.project({ embeddingId, ...settings });
    expect(fits()).toMatchObject({ umap: 1 });
    // the same vectors with the same seed: the very layout that was kept first
    expect(Array.from(resized.layout.coords)).toEqual(Array.from(fitted.layout.coords));
    // and one with other vectors of the same size and time (as `cp -p` or `rsync -a` leave it)
    const stamped = await stat(path);
    const text = (await readFile(path, 'utf8')).trimEnd();
    const last = text.at(-1)!;
    await writeFile(path, `${text.slice(0, -1)}${last === '1' ? '2' : '1'}\n`);
    await utimes(path, stamped.atime, stamped.mtime);
    expect((await stat(path)).size).toBe(stamped.size);
    embeddingId = await second.load(path);
    await second.project({ embeddingId, ...settings });
    expect(fits()).toMatchObject({ umap: 1 });
  }, 120_000);

  it('a damaged kept map is refitted and replaced; a maps folder that cannot be written still shows the map', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const dataDir = await mkdtemp(join(tmpdir(), 'latent-file-maps-'));
    const path = join(dataDir, 'words.txt');
    await writeFile(path, gloveText(300, 10, { topics: 6 }));
    const settings = { method: 'umap', umap: { epochs: 20 } } as const;
    const { load, project } = engine(dataDir);
    const embeddingId = await load(path);
    fits();
    const fitted = await project({ embeddingId, ...settings });
    expect(fits()).toMatchObject({ umap: 1 });
    const folder = join(dataDir, 'maps', 'files');
    const [name] = await readdir(folder);
    const kept = join(folder, name!);
    const size = (await stat(kept)).size;
    await truncate(kept, size - 100);
    const refitted = await project({ embeddingId, ...settings });
    expect(fits()).toMatchObject({ umap: 1 });
    expect(refitted.end).toMatchObject({ status: 'completed' });
    expect(Array.from(refitted.layout.coords)).toEqual(Array.from(fitted.layout.coords));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`ignoring the unusable kept map ${kept}`));
    expect((await stat(kept)).size).toBe(size);
    await project({ embeddingId, ...settings });
    expect(fits()).toMatchObject({ umap: 0 });

    // read-only maps folder (as root, which may write anywhere: a file in the folder's place)
    const lockedDir = await mkdtemp(join(tmpdir(), 'latent-file-maps-'));
    await mkdir(join(lockedDir, 'maps'));
    if (process.getuid?.() === 0) await writeFile(join(lockedDir, 'maps', 'files'), '');
    else await mkdir(join(lockedDir, 'maps', 'files'), { mode: 0o555 });
    const locked = engine(lockedDir);
    const lockedId = await locked.load(path);
    warn.mockClear();
    for (let i = 0; i < 2; i++) {
      const shown = await locked.project({ embeddingId: lockedId, ...settings });
      expect(shown.end).toMatchObject({ status: 'completed' });
      expect(Array.from(shown.layout.coords)).toEqual(Array.from(fitted.layout.coords));
    }
    // nothing could be kept: each was fitted, and the failure was only logged
    expect(fits()).toMatchObject({ umap: 2 });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('could not keep the map'));
    await chmod(join(lockedDir, 'maps'), 0o755);
  }, 120_000);

  it('measures the first UMAP of a 70,000 x 50 GloVe file against opening it again (MEASURE_FILE_MAP=1)', async (context) => {
    if (process.env.MEASURE_FILE_MAP !== '1') {
      console.log('skipped: the 70,000 x 50 measurement takes about a minute; run it with MEASURE_FILE_MAP=1');
      context.skip();
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'latent-file-maps-'));
    const path = join(dataDir, 'glove.70000.50d.txt');
    await writeFile(path, gloveText(70_000, 50));
    const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(2);
    for (const attempt of ['first open (fit)', 'second open (kept map)']) {
      // a new engine each time, as when the app is started again
      const { load, project } = engine(dataDir);
      let t = performance.now();
      const embeddingId = await load(path);
      const loadSeconds = seconds(t);
      t = performance.now();
      const { end } = await project({ embeddingId, method: 'umap' });
      console.log(`${attempt}: load ${loadSeconds} s, UMAP projection ${seconds(t)} s (status ${end.status})`);
    }
    const [name] = await readdir(join(dataDir, 'maps', 'files'));
    console.log(`kept map: ${(await stat(join(dataDir, 'maps', 'files', name!))).size} bytes`);
    expect(fits()).toMatchObject({ umap: 1 });
  }, 600_000);
});
