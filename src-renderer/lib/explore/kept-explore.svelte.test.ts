import { describe, expect, it } from 'vitest';
import { keptExplore } from './kept-explore.svelte';
import type { ExploreApi } from './explore-session.svelte';
import type { ImagesApi } from './image-bank';

const fakeApi = () => ({ onProjectionProgress: () => () => undefined }) as unknown as ExploreApi & ImagesApi;

describe('keptExplore', () => {
  it('hands out the same live state for one API, and separate state for another', () => {
    const api = fakeApi();
    const first = keptExplore(api);
    expect(keptExplore(api)).toBe(first);
    first.settings.runId = 'run-1';
    expect(keptExplore(api).settings.request).toMatchObject({ runId: 'run-1' });
    expect(keptExplore(fakeApi())).not.toBe(first);
  });
});
