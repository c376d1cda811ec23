import { describe, expect, it } from 'vitest';
import { MAX_IMAGES_PER_REQUEST } from '../../../src-main/protocol';
import { ExploreImages } from './explore-images.svelte';
import { ImageBank, pictureAt } from './image-bank';
import type { ImagesApi } from './image-bank';

/** 2x1 images whose pixels are their index; decodes are the code's first value. */
function fakeApi(asked: number[][]): ImagesApi {
  return {
    getDatasetImages: async ({ indices }) => {
      asked.push(Array.from(indices));
      const images = Uint8Array.from(Array.from(indices).flatMap((i) => [i % 256, i % 256]));
      return { count: indices.length, width: 2, height: 1, channels: 1, images, reconstructions: images.map((v) => 255 - v) };
    },
    decodeLatents: async ({ codes }) => ({ count: codes.length / 2, width: 1, height: 1, channels: 1, images: Uint8Array.from(codes.filter((_, i) => i % 2 === 0)) }),
  };
}

describe('pictureAt', () => {
  it('turns grey or RGB bytes into RGBA', () => {
    expect(Array.from(pictureAt(Uint8Array.from([9, 10, 20, 30]), 1, 2, 1, 1).rgba)).toEqual([20, 20, 20, 255, 30, 30, 30, 255]);
    expect(Array.from(pictureAt(Uint8Array.from([1, 2, 3]), 0, 1, 1, 3).rgba)).toEqual([1, 2, 3, 255]);
  });
});

describe('ImageBank', () => {
  it('fetches what it lacks in batches the contract allows, in the order asked, and keeps it', async () => {
    const asked: number[][] = [];
    const bank = new ImageBank(fakeApi(asked), 'r');
    const many = Array.from({ length: MAX_IMAGES_PER_REQUEST + 5 }, (_, i) => i);
    const images = await bank.load(many);
    expect(asked.map((a) => a.length)).toEqual([MAX_IMAGES_PER_REQUEST, 5]);
    expect(images[7]!.image.rgba[0]).toBe(7);
    expect(images[7]!.reconstruction!.rgba[0]).toBe(248);
    await bank.load([3, 600, 3]);
    expect(asked[2]).toEqual([600]);
    expect(bank.peek(600)).toBeDefined();
    expect((await bank.decode(Float32Array.from([5, 0, 9, 0]))).map((p) => p.rgba[0])).toEqual([5, 9]);
  });
});

describe('ExploreImages', () => {
  it('shows the hovered point, the selection and the strip for the current run only', async () => {
    const asked: number[][] = [];
    const images = new ExploreImages(fakeApi(asked));
    images.use('r');
    images.hoverPoint(4);
    await new Promise((r) => setTimeout(r, 0));
    expect(images.hover?.index).toBe(4);
    await images.showSelection([1, 2]);
    expect(images.selection?.map((s) => s.index)).toEqual([1, 2]);
    await images.showStrip(Float32Array.from([1, 0, 2, 0]));
    expect(images.strip).toHaveLength(2);
    images.use('other');
    expect([images.hover, images.selection, images.strip]).toEqual([null, null, null]);
  });
});
