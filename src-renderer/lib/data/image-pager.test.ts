import { describe, expect, it } from 'vitest';
import { ImagePager } from './image-pager';
import type { ImagePage } from './image-pager';

function fakeFetch(total: number): { fetch: (offset: number, limit: number) => Promise<ImagePage>; asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    fetch: async (offset, limit) => {
      asked.push(offset);
      const count = Math.max(0, Math.min(limit, total - offset));
      return { offset, count, indices: Int32Array.from({ length: count }, (_, i) => offset + i), labels: null, images: new Uint8Array(count) };
    },
  };
}

describe('ImagePager', () => {
  it('asks only for the pages covering the range, once even when asked twice at once', async () => {
    const { fetch, asked } = fakeFetch(1000);
    const pager = new ImagePager(fetch, 100);
    await Promise.all([pager.ensure(150, 320), pager.ensure(180, 200)]);
    expect(asked).toEqual([100, 200, 300]);
    expect(pager.pageAt(250)?.offset).toBe(200);
    expect(pager.pageAt(50)).toBeUndefined();
    await pager.ensure(100, 400);
    expect(asked).toHaveLength(3);
  });

  it('tells its owner as each page arrives', async () => {
    const { fetch } = fakeFetch(1000);
    let arrived = 0;
    const pager = new ImagePager(fetch, 100, 64, () => arrived++);
    await pager.ensure(0, 300);
    expect(arrived).toBe(3);
  });

  it('drops the least recently used pages beyond its cap', async () => {
    const { fetch, asked } = fakeFetch(10_000);
    const pager = new ImagePager(fetch, 10, 3);
    await pager.ensure(0, 30);
    await pager.ensure(0, 10); // page 0 becomes the most recent
    await pager.ensure(30, 40);
    expect(pager.size).toBe(3);
    expect(pager.pageAt(5)).toBeDefined();
    expect(pager.pageAt(15)).toBeUndefined();
    await pager.ensure(10, 20);
    expect(asked).toEqual([0, 10, 20, 30, 10]);
  });

  it('forgets a failed request so the page can be asked again', async () => {
    let fail = true;
    const pager = new ImagePager(async (offset) => {
      if (fail) throw new Error('engine away');
      return { offset, count: 0, indices: new Int32Array(0), labels: null, images: new Uint8Array(0) };
    }, 10);
    await expect(pager.ensure(0, 5)).rejects.toThrow('engine away');
    fail = false;
    await pager.ensure(0, 5);
    expect(pager.pageAt(0)).toBeDefined();
  });
});
