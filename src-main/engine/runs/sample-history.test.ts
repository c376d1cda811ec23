import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutGrid, listSampleEpochs, readSampleGrid, writeSampleGrid } from './sample-history';

describe('sample history', () => {
  it('lays images out in a near-square grid with gaps', () => {
    // five 2x1 images of value i/4: three columns, two rows
    const images = Float32Array.from({ length: 10 }, (_, k) => Math.floor(k / 2) / 4);
    const grid = layoutGrid(images, 5, 2, 1, 1);
    expect(grid).toMatchObject({ width: 3 * 2 + 2 * 2, height: 2 * 1 + 2 });
    const at = (x: number, y: number) => grid.bytes[y * grid.width + x];
    expect([at(0, 0), at(1, 0), at(2, 0), at(4, 0), at(8, 0)]).toEqual([0, 0, 0, 64, 128]);
    expect([at(0, 3), at(4, 3), at(8, 3)]).toEqual([191, 255, 0]);
  });

  it('writes one PNG per epoch atomically, lists and reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sample-history-'));
    expect(await listSampleEpochs(dir)).toEqual([]);
    const images = Float32Array.from({ length: 4 * 3 * 3 }, (_, k) => (k % 7) / 6);
    await writeSampleGrid(dir, 2, images, 4, 3, 3);
    await writeSampleGrid(dir, 10, images.map((v) => 1 - v), 4, 3, 3);
    await writeSampleGrid(dir, 1, images, 4, 3, 3);
    expect(await listSampleEpochs(dir)).toEqual([1, 2, 10]);
    expect(readdirSync(join(dir, 'samples')).sort()).toEqual(['epoch-0001.png', 'epoch-0002.png', 'epoch-0010.png']);
    const grid = await readSampleGrid(dir, 10);
    expect(grid).toMatchObject({ width: 8, height: 8, channels: 1 });
    expect(grid!.bytes[0]).toBe(255);
    expect(grid!.bytes).toEqual(layoutGrid(images.map((v) => 1 - v), 4, 3, 3, 1).bytes);
    expect(await readSampleGrid(dir, 3)).toBeNull();
  });
});
