import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeIdx } from './idx';
import { downloadMnist, MNIST_FILES, mnistDownloadDir } from './mnist-download';
import { DatasetRegistry } from './registry';

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Four small MNIST-shaped files: 30 train and 6 test digits. */
function makeFiles(): Map<string, Buffer> {
  const image = (n: number, first: number): Uint8Array => Uint8Array.from({ length: n * 784 }, (_, j) => (first + Math.floor(j / 784) + j) % 256);
  const label = (n: number, first: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (first + i) % 10);
  return new Map([
    ['train-images-idx3-ubyte.gz', Buffer.from(writeIdx({ dtype: 'uint8', shape: [30, 28, 28], data: image(30, 0) }, { gzip: true }))],
    ['train-labels-idx1-ubyte.gz', Buffer.from(writeIdx({ dtype: 'uint8', shape: [30], data: label(30, 0) }, { gzip: true }))],
    ['t10k-images-idx3-ubyte.gz', Buffer.from(writeIdx({ dtype: 'uint8', shape: [6, 28, 28], data: image(6, 30) }, { gzip: true }))],
    ['t10k-labels-idx1-ubyte.gz', Buffer.from(writeIdx({ dtype: 'uint8', shape: [6], data: label(6, 30) }, { gzip: true }))],
  ]);
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

interface Served {
  base: string;
  /** Range headers received, per file */
  ranges: string[];
  server: Server;
}

/** Serves `files` with Range support; `cut` files break off after half their bytes the first time. */
async function serve(files: Map<string, Buffer>, cut = new Set<string>()): Promise<Served> {
  const ranges: string[] = [];
  const server = createServer((request, response) => {
    const name = request.url!.split('/').pop()!;
    const body = files.get(name);
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    if (request.headers.range) ranges.push(`${name} ${request.headers.range}`);
    const start = range ? Number(range[1]) : 0;
    const part = body.subarray(start);
    response.writeHead(range ? 206 : 200, {
      'content-length': part.length,
      ...(range ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (cut.delete(name)) {
      response.write(part.subarray(0, Math.floor(part.length / 2)), () => response.destroy());
      return;
    }
    response.end(part);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mnist/`, ranges, server };
}

let dataDir = '';
let served: Served | null = null;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latent-download-'));
  made.push(dataDir);
});
afterEach(async () => {
  await new Promise((resolve) => served?.server.close(resolve) ?? resolve(undefined));
  served = null;
});

const hashesOf = (files: Map<string, Buffer>): Record<string, string> => Object.fromEntries([...files].map(([name, bytes]) => [name, sha256(bytes)]));

describe('downloading full MNIST', () => {
  it('knows the canonical files and their SHA-256', () => {
    expect(MNIST_FILES.map((f) => f.name)).toEqual(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']);
    expect(MNIST_FILES[0]!.sha256).toBe('440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609');
  });

  it('downloads, resumes a transfer cut short with a Range request, verifies, and lists mnist with the published split', async () => {
    const files = makeFiles();
    served = await serve(files, new Set(['train-images-idx3-ubyte.gz']));
    const events: string[] = [];
    const summary = await downloadMnist(dataDir, {
      baseUrl: served.base,
      hashes: hashesOf(files),
      signal: new AbortController().signal,
      progress: (stage, done, total, file) => events.push(`${stage} ${file} ${done}/${total}`),
    });
    expect(summary).toMatchObject({ id: 'mnist', count: 36, trainCount: 30, valCount: 6, split: { kind: 'published' }, origin: 'download' });
    const half = Math.floor(files.get('train-images-idx3-ubyte.gz')!.length / 2);
    expect(served.ranges).toEqual([`train-images-idx3-ubyte.gz bytes=${half}-`]);
    expect(events).toContain(`download train-images-idx3-ubyte.gz ${files.get('train-images-idx3-ubyte.gz')!.length}/${files.get('train-images-idx3-ubyte.gz')!.length}`);
    expect((await readdir(mnistDownloadDir(dataDir))).sort()).toEqual([...files.keys()].sort());

    const registry = new DatasetRegistry(dataDir);
    expect((await registry.list()).map((d) => d.id)).toContain('mnist');
    const set = await registry.open('mnist');
    expect(set.trainIndices).toHaveLength(30);
    expect(set.valIndices[0]).toBe(30);
    expect(set.labels![31]).toBe(1);
  });

  it('refuses a corrupted file, deleting it, and keeps nothing unverified', async () => {
    const files = makeFiles();
    const hashes = hashesOf(files);
    const bad = Buffer.from(files.get('t10k-images-idx3-ubyte.gz')!);
    bad[bad.length - 30]! ^= 0xff;
    files.set('t10k-images-idx3-ubyte.gz', bad);
    served = await serve(files);
    const download = downloadMnist(dataDir, { baseUrl: served.base, hashes, signal: new AbortController().signal, progress: () => undefined });
    await expect(download).rejects.toThrow(
      `${served.base}t10k-images-idx3-ubyte.gz has SHA-256 ${sha256(bad).slice(0, 12)}…, not the canonical ${hashes['t10k-images-idx3-ubyte.gz']!.slice(0, 12)}…: the file is corrupt or not MNIST, so it was deleted`,
    );
    expect(existsSync(join(mnistDownloadDir(dataDir), 't10k-images-idx3-ubyte.gz'))).toBe(false);
    expect(existsSync(join(mnistDownloadDir(dataDir), 't10k-images-idx3-ubyte.gz.part'))).toBe(false);
    expect((await new DatasetRegistry(dataDir).list()).map((d) => d.id)).not.toContain('mnist');
  });

  it('says the machine looks offline when the mirror cannot be reached', async () => {
    const closed = await serve(new Map());
    const base = closed.base;
    await new Promise((resolve) => closed.server.close(resolve));
    const download = downloadMnist(dataDir, { baseUrl: base, signal: new AbortController().signal, progress: () => undefined });
    await expect(download).rejects.toThrow(/^Cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\): this machine looks offline, so MNIST cannot be downloaded/);
  });
});
