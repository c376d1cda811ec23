import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import type { MethodParams } from '../../../src-main/protocol';
import { GenerateSession, TRAVERSAL_COLUMNS, keptGenerateSession } from './generate-session.svelte';
import type { GenerateApi } from './generate-session.svelte';

const DIM = 3;

/** An engine whose decodes are 1x1 images of the code's first value (x10, +100), and whose
 * samples are code i = [seed + i, temperature, 0]. */
function fakeEngine(options: { failStats?: boolean } = {}) {
  const calls: string[] = [];
  const pixel = (codes: Float32Array, i: number) => 100 + 10 * codes[i * DIM]!;
  const api: GenerateApi = {
    sampleLatents: async (p: MethodParams<'sampleLatents'>) => {
      calls.push(`sample ${p.seed} ${p.temperature}`);
      const count = p.count ?? 16;
      const codes = new Float32Array(count * DIM);
      for (let i = 0; i < count; i++) codes.set([(p.seed ?? 1) + i, p.temperature ?? 1, 0], i * DIM);
      return { count, dim: DIM, codes, width: 1, height: 1, channels: 1, images: Uint8Array.from({ length: count }, (_, i) => pixel(codes, i)) };
    },
    decodeLatents: async ({ codes }) => {
      calls.push(`decode ${codes.length / DIM}`);
      const count = codes.length / DIM;
      return { count, width: 1, height: 1, channels: 1, images: Uint8Array.from({ length: count }, (_, i) => pixel(codes, i)) };
    },
    getLatentStats: async () => {
      if (options.failStats) throw new WorkbenchError('internal', 'Out of memory.');
      // dimension 2 is used most, then 0
      return { dim: DIM, measure: 'variance', samples: 10, usage: Float32Array.from([0.5, 0.1, 2]), mean: new Float32Array(DIM), groups: [], weights: 'w' };
    },
  };
  return { api, calls };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('GenerateSession', () => {
  it('opens a run: samples at seed 1, the first sample under the sliders, decoded with its traversal', async () => {
    const { api, calls } = fakeEngine();
    const session = new GenerateSession(api);
    await session.open('r', DIM);
    await settle();
    expect(session.samples?.count).toBe(16);
    expect([...session.code!]).toEqual([1, 1, 0]);
    expect(session.decoded?.images[0]).toBe(110);
    expect(session.decodes).toBe(1);
    expect(session.dims).toEqual([2, 0, 1]);
    expect(session.traversal?.count).toBe(3 * TRAVERSAL_COLUMNS);
    // row 0 moves dimension 2, which the fake does not draw; row 1 moves dimension 0 from -3 to +3
    expect(session.traversal!.images[TRAVERSAL_COLUMNS]).toBe(100 + 10 * (1 - 3));
    expect(session.traversal!.images[2 * TRAVERSAL_COLUMNS - 1]).toBe(100 + 10 * (1 + 3));
    expect(session.busy).toBe(false);
    expect(calls[0]).toBe('sample 1 1');
  });

  it('re-decodes when a slider moves, keeping only the newest position while one is in flight', async () => {
    const { api, calls } = fakeEngine();
    const session = new GenerateSession(api);
    await session.open('r', DIM);
    await settle();
    calls.length = 0;
    session.setDimension(0, 2);
    session.setDimension(0, 3);
    session.setDimension(0, 4);
    expect(session.busy).toBe(true);
    await settle();
    expect(session.decoded?.images[0]).toBe(140);
    expect([...session.code!]).toEqual([4, 1, 0]);
    // the first position went out at once, the middle one was replaced by the last
    expect(calls.filter((c) => c === 'decode 1')).toHaveLength(2);
    expect(session.busy).toBe(false);
  });

  it('draws new samples with the next seed and a changed temperature; picks, resets and randomises codes', async () => {
    const { api, calls } = fakeEngine();
    const session = new GenerateSession(api, () => 0.25);
    await session.open('r', DIM);
    await settle();
    session.newSamples();
    await settle();
    expect(session.seed).toBe(2);
    expect(session.samples!.codes[0]).toBe(2);
    session.setTemperature(0.5);
    await settle();
    expect(calls).toContain('sample 2 0.5');
    session.pickSample(3);
    expect([...session.code!]).toEqual([5, 0.5, 0]);
    session.reset();
    expect([...session.code!]).toEqual([0, 0, 0]);
    session.randomise();
    // Box-Muller at u = 0.25: sqrt(-2 ln 0.75) cos(pi / 2) ~ 0, times the temperature
    expect(session.code!.every((v) => Math.abs(v) < 1e-6)).toBe(true);
    await settle();
    expect(session.decodes).toBeGreaterThanOrEqual(3);
  });

  it('ignores replies about a run it has left, and says what failed', async () => {
    const { api } = fakeEngine({ failStats: true });
    const session = new GenerateSession(api);
    const first = session.open('a', DIM);
    const second = session.open('b', DIM);
    await Promise.all([first, second]);
    await settle();
    expect(session.runId).toBe('b');
    expect(session.error).toBe('Could not measure how the latent dimensions are used: Out of memory. (internal)');
    // without usage the sliders keep the index order
    expect(session.dims).toEqual([0, 1, 2]);
    expect(session.samples).not.toBeNull();
  });

  it('decodes the samples and the slider code again on refresh (new weights)', async () => {
    const { api, calls } = fakeEngine();
    const session = new GenerateSession(api);
    await session.open('r', DIM);
    await settle();
    session.setDimension(0, 2);
    await settle();
    calls.length = 0;
    const decodes = session.decodes;
    session.refresh();
    await settle();
    expect(calls).toContain('sample 1 1');
    expect(calls).toContain('decode 1');
    expect(session.decodes).toBe(decodes + 1);
    expect([...session.code!]).toEqual([2, 1, 0]);
  });

  it('keeps one session per api, so the view finds its state again', () => {
    const { api } = fakeEngine();
    expect(keptGenerateSession(api)).toBe(keptGenerateSession(api));
    expect(keptGenerateSession(fakeEngine().api)).not.toBe(keptGenerateSession(api));
  });
});
