import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import type { EmbeddingProgress, EmbeddingRows, MethodParams, ProjectionProgress } from '../../../src-main/protocol';
import { colourColumns, columnClasses, describeEmbeddingProgress, describeFile } from './embedding-format';
import { EmbeddingSession } from './embedding-session.svelte';
import type { EmbeddingApi } from './embedding-session.svelte';
import { EmbeddingSettings } from './embedding-settings.svelte';

const WORDS = ['king', 'queen', 'man', 'woman'];

/** An engine whose events the test sends by hand; opening emits its first events before the
 * reply, as the real engine does. */
function fakeEngine() {
  let onLoad: ((e: EmbeddingProgress) => void) | null = null;
  let onProjection: ((e: ProjectionProgress) => void) | null = null;
  const calls: string[] = [];
  let made = 0;
  const rows = (embeddingId: string): EmbeddingRows => ({ embeddingId, count: 4, dim: 2, labels: WORDS, metadata: { columns: ['word', 'kind'], rows: WORDS.map((w) => [w, w.length > 3 ? 'long' : 'short']) } });
  const api: EmbeddingApi = {
    openEmbeddingFile: async ({ path }) => {
      calls.push(`open ${path}`);
      if (path === '/missing') throw new WorkbenchError('bad-request', "There is no file at /missing on the engine's machine; check the path.");
      const embeddingId = `embedding-${++made}`;
      onLoad?.({ kind: 'reading', embeddingId, done: 0, total: 1 });
      return { embeddingId };
    },
    cancelEmbeddingFile: async ({ embeddingId }) => {
      calls.push(`cancel ${embeddingId}`);
      return { cancelled: true };
    },
    getEmbeddingRows: async ({ embeddingId }) => rows(embeddingId),
    startEmbeddingProjection: async (params: MethodParams<'startEmbeddingProjection'>) => {
      calls.push(`project ${params.method ?? 'pca'}`);
      return { projectionId: `projection-${++made}`, count: 4, total: 4, kept: null };
    },
    cancelProjection: async ({ projectionId }) => {
      calls.push(`cancel ${projectionId}`);
      return { cancelled: true };
    },
    queryEmbedding: async ({ query, k }) => {
      if (query === 'kingdom') throw new WorkbenchError('bad-request', `"kingdom" is not in glove.txt's vocabulary; check its spelling (words are case-sensitive).`);
      if (query.includes(' - ')) return { kind: 'analogy', queryIndices: [0, 2, 3], matches: [{ index: 1, label: 'queen', similarity: 0.9 }] };
      return { kind: 'neighbours', queryIndices: [0], matches: [{ index: 2, label: 'man', similarity: 0.7 }, { index: 1, label: 'queen', similarity: 0.6 }].slice(0, k) };
    },
    onEmbeddingProgress: (l) => {
      onLoad = l;
      return () => (onLoad = null);
    },
    onProjectionProgress: (l) => {
      onProjection = l;
      return () => (onProjection = null);
    },
  };
  let seq = 0;
  const load = (event: EmbeddingProgress) => onLoad?.(event);
  const project = (projectionId: string, body: Record<string, unknown>) => onProjection?.({ projectionId, seq: seq++, ...body } as ProjectionProgress);
  return { api, calls, load, project };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const loaded = (embeddingId: string): EmbeddingProgress => ({ kind: 'loaded', embeddingId, name: 'glove.txt', count: 4, dim: 2, labelled: true, seconds: 0.2 });

describe('EmbeddingSession', () => {
  it('opens a file (events before the reply are kept), loads its rows, maps it and answers queries', async () => {
    const { api, calls, load, project } = fakeEngine();
    const session = new EmbeddingSession(api);
    expect(session.phase).toBe('idle');
    await session.open('/data/glove.txt');
    expect(session.embeddingId).toBe('embedding-1');
    expect(session.phase).toBe('loading');
    expect(session.reading).toEqual({ done: 0, total: 1 });
    load({ kind: 'reading', embeddingId: 'embedding-1', done: 2000, total: 4000 });
    expect(session.reading).toEqual({ done: 2000, total: 4000 });
    // another file's events are not this one's
    load({ kind: 'failed', embeddingId: 'embedding-9', message: 'other' });
    expect(session.error).toBeNull();
    load(loaded('embedding-1'));
    await tick();
    expect(session.phase).toBe('loaded');
    expect(session.describeRow(1)).toEqual({ label: 'queen', cells: [{ column: 'word', value: 'queen' }, { column: 'kind', value: 'long' }] });

    await session.project({ method: 'umap' });
    expect(calls).toContain('project umap');
    expect(session.phase).toBe('projecting');
    const id = session.projectionId!;
    project(id, { kind: 'layout', epoch: 10, epochs: 200, count: 4, coords: new Float32Array(8), varianceExplained: null });
    expect(session.layout?.epoch).toBe(10);
    expect(session.busy).toBe(true);
    project(id, { kind: 'finished', status: 'completed', seconds: 1, quality: null });
    expect(session.phase).toBe('finished');

    await session.query('king', 2);
    expect(session.result).toMatchObject({ kind: 'neighbours', query: 'king' });
    expect(session.highlighted).toEqual([2, 1]);
    expect(session.queried).toEqual([0]);
    await session.query('king - man + woman', 5);
    expect(session.highlighted).toEqual([1]);
    expect(session.queried).toEqual([0, 2, 3]);

    // an unknown word is refused in a sentence and the last answer stays on the map
    await session.query('kingdom', 5);
    expect(session.queryError).toBe(`"kingdom" is not in glove.txt's vocabulary; check its spelling (words are case-sensitive).`);
    expect(session.highlighted).toEqual([1]);
    await session.query('   ', 5);
    expect(session.queryError).toMatch(/^Type a word/);
    session.clearQuery();
    expect(session.highlighted).toEqual([]);
    expect(session.queryError).toBeNull();
  });

  it('a refused path, a failed load and a cancelled load each say why', async () => {
    const { api, calls, load } = fakeEngine();
    const session = new EmbeddingSession(api);
    await session.open('/missing');
    expect(session.phase).toBe('failed');
    expect(session.error).toBe("Could not open the file: There is no file at /missing on the engine's machine; check the path.");

    await session.open('/data/bad.txt');
    expect(session.error).toBeNull();
    load({ kind: 'failed', embeddingId: session.embeddingId!, message: 'bad.txt, line 2: "x" is not a number; every value must be numeric.' });
    expect(session.phase).toBe('failed');
    expect(session.error).toMatch(/line 2/);

    await session.open('/data/big.txt');
    await session.cancel();
    expect(calls.at(-1)).toBe(`cancel ${session.embeddingId}`);
    load({ kind: 'cancelled', embeddingId: session.embeddingId!, message: 'Loading was cancelled.' });
    expect(session.phase).toBe('cancelled');
    // a file that is not loaded is not mapped or queried
    await session.project({ method: 'pca' });
    await session.query('king', 3);
    expect(calls.filter((c) => c.startsWith('project'))).toEqual([]);
    expect(session.result).toBeNull();

    // an engine restart while loading: the session says so instead of waiting for ever
    await session.open('/data/glove.txt');
    session.abandon('The engine restarted.');
    expect(session.phase).toBe('failed');
    expect(session.error).toBe('The engine restarted.');
  });

  it('opening another file drops the first one\'s rows, map and answers', async () => {
    const { api, load } = fakeEngine();
    const session = new EmbeddingSession(api);
    await session.open('/a.txt');
    load(loaded('embedding-1'));
    await tick();
    await session.query('king', 2);
    await session.open('/b.txt');
    expect(session.rows).toBeNull();
    expect(session.result).toBeNull();
    // the first file's late events change nothing
    load(loaded('embedding-1'));
    await tick();
    expect(session.rows).toBeNull();
  });
});

describe('EmbeddingSettings and the words on screen', () => {
  it('asks for PCA or UMAP with valid settings only, and bounds the neighbour count', () => {
    const settings = new EmbeddingSettings();
    expect(settings.projection).toEqual({ method: 'pca' });
    settings.method = 'umap';
    expect(settings.projection).toEqual({ method: 'umap', umap: { nNeighbors: 15, minDist: 0.1, metric: 'cosine' } });
    settings.nNeighbors = 1;
    expect(settings.problems.nNeighbors).toBe('Enter a whole number from 2 to 100.');
    expect(settings.projection).toBeNull();
    settings.k = 101;
    expect(settings.problems.k).toBe('Enter a whole number from 1 to 100.');
  });

  it('describes loading and the loaded file', () => {
    expect(describeEmbeddingProgress('loading', { done: 0, total: 1 }, null, null)).toEqual({ value: null, text: 'Reading the file…' });
    expect(describeEmbeddingProgress('loading', { done: 2000, total: 8000 }, null, null)).toEqual({ value: 0.25, text: 'Reading lines: 2,000 of 8,000' });
    expect(describeEmbeddingProgress('projecting', null, null, { coords: new Float32Array(0), epoch: 50, epochs: 200, varianceExplained: null }).text).toBe('UMAP epoch 50 of 200');
    expect(describeFile({ kind: 'loaded', embeddingId: 'embedding-1', name: 'glove.txt', count: 5000, dim: 50, labelled: true, seconds: 0.25 })).toBe(
      'glove.txt: 5,000 vectors of 50 dimensions, with words (read in 0.3 s).',
    );
  });

  it('colours by a metadata column with a few values only, classes in order of appearance', () => {
    const metadata = { columns: ['word', 'kind', 'same'], rows: [['sun', 'star', 'x'], ['earth', 'planet', 'x'], ['sol', 'star', 'x']] };
    // words are all different (3 values is still few here), "same" has one value: no colours
    expect(colourColumns(metadata)).toEqual([{ column: 0, name: 'word' }, { column: 1, name: 'kind' }]);
    expect(colourColumns({ columns: ['id'], rows: Array.from({ length: 21 }, (_, i) => [String(i)]) })).toEqual([]);
    expect(colourColumns(null)).toEqual([]);
    const { classes, names } = columnClasses(metadata, 1);
    expect(Array.from(classes)).toEqual([0, 1, 0]);
    expect(names).toEqual(['star', 'planet']);
  });
});
