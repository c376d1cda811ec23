import { UMAP } from 'umap-js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../training/random';
import { blobs } from './test-data';
import { CancelledError, TimeSlicer } from './time-slicer';
import { trustworthiness } from './trustworthiness';
import { defaultEpochs, umap } from './umap';
import type { UmapListener } from './umap';

const settings = { nNeighbors: 15, minDist: 0.1, metric: 'euclidean' as const, seed: 1 };

function recorder(): UmapListener & { layouts: Array<{ epoch: number; epochs: number; coords: Float32Array }>; stages: string[] } {
  const layouts: Array<{ epoch: number; epochs: number; coords: Float32Array }> = [];
  const stages: string[] = [];
  return {
    layouts,
    stages,
    stage: (stage, done, total) => stages.push(`${stage} ${done}/${total}`),
    layout: (coords, epoch, epochs) => layouts.push({ coords, epoch, epochs }),
  };
}

describe('umap', () => {
  it('streams layouts from the PCA start to the last epoch, each a copy', async () => {
    const codes = blobs(400, 8, 4);
    const listener = recorder();
    const final = await umap(codes, 8, { ...settings, epochs: 60 }, listener, new TimeSlicer(undefined, 0));
    const { layouts } = listener;
    expect(layouts[0]!.epoch).toBe(0);
    expect(layouts.at(-1)!.epoch).toBe(60);
    expect(layouts.every((l) => l.epochs === 60 && l.coords.length === 800 && l.coords.every(Number.isFinite))).toBe(true);
    expect(layouts.map((l) => l.epoch)).toEqual([...layouts.map((l) => l.epoch)].sort((a, b) => a - b));
    expect(Array.from(layouts.at(-1)!.coords)).toEqual(Array.from(final));
    expect(layouts[0]!.coords).not.toBe(final);
    // the first layout comes before the neighbour search, which precedes the graph
    expect(listener.stages.at(-1)).toBe('graph 1/1');
    expect(listener.stages.some((s) => s.startsWith('neighbours'))).toBe(true);
  });

  it('stops between slices when cancelled, and repeats exactly with the same seed', async () => {
    const codes = blobs(300, 6, 3);
    const controller = new AbortController();
    const listener = recorder();
    const cancelled = umap(codes, 6, { ...settings, epochs: 500 }, {
      ...listener,
      layout: (coords, epoch, epochs) => {
        listener.layout(coords, epoch, epochs);
        if (epoch > 0) controller.abort();
      },
    }, new TimeSlicer(controller.signal, 0));
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
    expect(listener.layouts.at(-1)!.epoch).toBeLessThan(500);

    const run = () => umap(codes, 6, { ...settings, epochs: 50 }, recorder(), new TimeSlicer());
    expect(Array.from(await run())).toEqual(Array.from(await run()));
  });

  it('keeps neighbourhoods as well as stock umap-js does on the same codes', async () => {
    const count = 600;
    const dim = 10;
    const codes = blobs(count, dim, 6, 4, 9);
    const ours = await umap(codes, dim, settings, recorder(), new TimeSlicer());
    const rows = Array.from({ length: count }, (_, i) => Array.from(codes.subarray(i * dim, (i + 1) * dim)));
    const stock = new UMAP({ nComponents: 2, nNeighbors: 15, minDist: 0.1, random: seededRandom(1) }).fit(rows);
    const theirs = Float32Array.from(stock.flat());
    const t = (layout: Float32Array) => trustworthiness(codes, dim, layout, 15);
    expect(t(ours)).toBeGreaterThan(t(theirs) - 0.01);
  });

  it('chooses fewer epochs for larger sets', () => {
    expect(defaultEpochs(1000)).toBeGreaterThan(defaultEpochs(10_000));
    expect(defaultEpochs(10_000)).toBeGreaterThan(defaultEpochs(70_000));
  });
});
