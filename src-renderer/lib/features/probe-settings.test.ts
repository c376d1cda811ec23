import { describe, expect, it } from 'vitest';
import { ProbeSettings } from './probe-settings.svelte';

describe('ProbeSettings', () => {
  it('makes a request with sorted budgets, and none while a choice is missing', () => {
    const settings = new ProbeSettings();
    expect(settings.request).toBeNull();
    expect(settings.problem).toBe('Pick a run with an encoder.');
    settings.runId = 'r';
    settings.toggleSize(1000);
    settings.toggleSize(30);
    settings.toggleHead('mlp');
    expect(settings.request).toEqual({ runId: 'r', sizes: [10, 30, 100], includeAll: true, heads: ['linear', 'mlp'], scratch: true, knn: true, seed: 1 });
    settings.sizes = [];
    settings.includeAll = false;
    expect(settings.problem).toBe('Pick at least one number of labels.');
    settings.includeAll = true;
    settings.heads = [];
    expect(settings.request).toBeNull();
  });
});
