import { describe, expect, it } from 'vitest';
import { ViewRouter } from './view-router.svelte';

describe('ViewRouter', () => {
  it('starts on the hash’s view, else the first', () => {
    expect(new ViewRouter(['train', 'data'], '#/data').current).toBe('data');
    expect(new ViewRouter(['train', 'data'], '#/nope').current).toBe('train');
    expect(new ViewRouter(['train', 'data']).current).toBe('train');
  });

  it('selects known views only and reports the hash', () => {
    const router = new ViewRouter(['train', 'data']);
    router.select('data');
    expect(router.hash).toBe('#/data');
    router.select('gone');
    expect(router.current).toBe('data');
    router.followHash('#/train');
    expect(router.current).toBe('train');
  });
});
