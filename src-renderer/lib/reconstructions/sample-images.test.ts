// A page's images for several runs, each with an error map; a newer page wins over an older one.
import { describe, expect, it } from 'vitest';
import type { ImagesApi } from '../explore/image-bank';
import { SampleLoader } from './sample-images.svelte';

/** 1x2 images: pixel values = index; run "b" reconstructs everything as black. */
function fakeApi(delays: Record<string, number> = {}) {
  const asked: string[] = [];
  const api = {
    getDatasetImages: async ({ runId, indices }: { runId: string; indices: Int32Array }) => {
      asked.push(`${runId}:${Array.from(indices).join(',')}`);
      await new Promise((resolve) => setTimeout(resolve, delays[runId] ?? 0));
      const images = Uint8Array.from(Array.from(indices).flatMap((i) => [i, i]));
      const reconstructions = runId === 'b' ? new Uint8Array(images.length) : images.slice();
      return { count: indices.length, width: 2, height: 1, channels: 1, images, reconstructions };
    },
    decodeLatents: async () => {
      throw new Error('not used');
    },
  } as unknown as ImagesApi;
  return { api, asked };
}

describe('SampleLoader', () => {
  it('loads each run’s reconstructions with error maps', async () => {
    const { api, asked } = fakeApi();
    const loader = new SampleLoader(api);
    await loader.show(['a', 'b'], [0, 255]);
    expect(asked).toEqual(['a:0,255', 'b:0,255']);
    const exact = loader.shown.get('a')!.get(255)!;
    const black = loader.shown.get('b')!.get(255)!;
    // an exact reconstruction's map is the scale's black; a missed white pixel is bright
    expect(Array.from(exact.errorMap!.rgba.subarray(0, 3))).toEqual([0, 0, 4]);
    expect(black.errorMap!.rgba[0]!).toBeGreaterThan(200);
    // a second look costs no request
    await loader.show(['a'], [255]);
    expect(asked).toHaveLength(2);
  });

  it('shows the latest page even when an older one answers later', async () => {
    const { api } = fakeApi({ slow: 30 });
    const loader = new SampleLoader(api);
    const older = loader.show(['slow'], [1]);
    await loader.show(['a'], [2]);
    await older;
    expect([...loader.shown.keys()]).toEqual(['a']);
    expect(loader.loading).toBe(false);
  });
});
