// `latent import` and `latent datasets`, called as functions with captured output.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeIdx } from '../engine/data/idx';
import { npyBytes } from '../engine/data/importers/import-fixtures';
import { datasetsCommand } from './datasets';
import type { CommandIo } from './datasets';
import { importCommand } from './import';

let home = '';
let files = '';
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'latent-cli-import-'));
  files = await mkdtemp(join(tmpdir(), 'latent-cli-files-'));
  vi.stubEnv('LATENT_FASHION_MNIST_DIR', join(files, 'no-fashion-here'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([home, files].map((dir) => rm(dir, { recursive: true, force: true })));
});

function capture(): { io: CommandIo; out: () => string[] } {
  const lines: string[] = [];
  return { io: { stdout: { write: (t: string) => lines.push(t) }, stderr: { write: () => true } }, out: () => lines.join('').trim().split('\n') };
}

const base = { json: true, rgb: false } as const;

describe('latent import', () => {
  it('imports an IDX file with labels and lists it with its split', async () => {
    const images = join(files, 'imgs.gz');
    const labels = join(files, 'labels');
    await writeFile(images, writeIdx({ dtype: 'uint8', shape: [40, 8, 8], data: new Uint8Array(40 * 64).fill(9) }, { gzip: true }));
    await writeFile(labels, writeIdx({ dtype: 'uint8', shape: [40], data: Uint8Array.from({ length: 40 }, (_, i) => i % 4) }));
    const run = capture();
    expect(await importCommand({ ...base, path: images, name: 'Tiny', labels, valFraction: '0.25', seed: '3', dataDir: home }, run.io)).toBe(0);
    const result = JSON.parse(run.out().at(-1)!);
    expect(result).toMatchObject({ type: 'result', id: 'tiny', count: 40, trainCount: 30, valCount: 10, split: { kind: 'random', seed: 3, valFraction: 0.25 } });

    const list = capture();
    expect(await datasetsCommand({ json: true, dataDir: home }, list.io)).toBe(0);
    const rows = list.out().map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['mnist-10k', 'tiny']);
    expect(rows[0]).toMatchObject({ count: 10_000, trainCount: 8000, valCount: 2000, split: { kind: 'every-fifth' }, origin: 'bundled' });
    expect(rows[1]).toMatchObject({ width: 8, height: 8, channels: 1, labeled: true, origin: 'import', split: { kind: 'random', seed: 3, valFraction: 0.25 } });
  });

  it('sizes NPY rows with --shape, and refuses bad flags with one sentence', async () => {
    const path = join(files, 'rows.npy');
    await writeFile(path, npyBytes('|u1', [5, 12], new Uint8Array(60)));
    const run = capture();
    expect(await importCommand({ ...base, path, name: 'rows', shape: '3x4', dataDir: home }, run.io)).toBe(0);
    expect(JSON.parse(run.out().at(-1)!)).toMatchObject({ height: 3, width: 4, count: 5 });
    await expect(importCommand({ ...base, path, name: 'x', valFraction: '2', dataDir: home })).rejects.toThrow(/^--val-fraction: /);
    await expect(importCommand({ ...base, path, name: 'x', shape: '3by4', dataDir: home })).rejects.toThrow('--shape takes HEIGHTxWIDTH, like 28x28 (got "3by4").');
    await expect(importCommand({ ...base, path, dataDir: home })).rejects.toThrow('latent import needs --name');
    await expect(importCommand({ ...base, path, name: 'rows', dataDir: home })).rejects.toThrow('A dataset "rows" exists already; choose another name.');
    await expect(datasetsCommand({ json: true, download: 'cifar', dataDir: home })).rejects.toThrow('--download takes "mnist"');
  });
});
