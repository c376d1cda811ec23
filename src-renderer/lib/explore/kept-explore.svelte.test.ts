import { describe, expect, it } from 'vitest';
import { keptExplore } from './kept-explore.svelte';
import type { ExploreApi } from './explore-session.svelte';
import type { EmbeddingApi } from './embedding-session.svelte';
import type { ImagesApi } from './image-bank';

const fakeApi = () => ({ onProjectionProgress: () => () => undefined, onEmbeddingProgress: () => () => undefined }) as unknown as ExploreApi & ImagesApi & EmbeddingApi;

describe('keptExplore', () => {
  it('hands out the same live state for one API, and separate state for another', () => {
    const api = fakeApi();
    const first = keptExplore(api);
    expect(keptExplore(api)).toBe(first);
    first.settings.runId = 'run-1';
    expect(keptExplore(api).settings.request).toMatchObject({ runId: 'run-1' });
    first.embeddingSettings.path = '/tmp/glove.txt';
    expect(keptExplore(api).embeddingSettings.path).toBe('/tmp/glove.txt');
    expect(keptExplore(fakeApi())).not.toBe(first);
  });
});
