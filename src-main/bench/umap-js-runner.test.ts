import { describe, expect, it } from 'vitest';
import { blobs } from '../engine/analysis/test-data';
import { trustworthiness } from '../engine/analysis/trustworthiness';
import { runUmapJs } from './umap-js-runner';

describe('umap-js in a worker', () => {
  it('returns its layout of the codes and how long it took', async () => {
    const codes = blobs(300, 8, 3);
    const outcome = await runUmapJs(codes, 8, { nNeighbors: 10, minDist: 0.1, epochs: 60, seed: 1 }, 60_000);
    if (outcome.status !== 'finished') throw new Error(`umap-js ${outcome.status}: ${outcome.reached}`);
    expect(outcome.layout).toHaveLength(600);
    expect(outcome.layout.every(Number.isFinite)).toBe(true);
    expect(outcome.seconds).toBeGreaterThan(0);
    // a real map of three separated blobs, not noise
    expect(trustworthiness(codes, 8, outcome.layout, 10)).toBeGreaterThan(0.9);
  });

  it('gives up at the budget and says how far it got', async () => {
    const codes = blobs(3000, 8, 3);
    const start = performance.now();
    const outcome = await runUmapJs(codes, 8, { nNeighbors: 15, minDist: 0.1, epochs: 500, seed: 1 }, 300);
    expect(outcome.status).toBe('timeout');
    expect(performance.now() - start).toBeLessThan(5_000);
    if (outcome.status === 'timeout') expect(outcome.reached).toMatch(/^(starting|neighbour search and graph|epoch \d+ of 500)$/);
  });
});
