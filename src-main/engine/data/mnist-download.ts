/**
 * Full MNIST (70,000 digits): the four IDX .gz files downloaded from a mirror into
 * `<dataDir>/downloads/mnist/`, each checked against the SHA-256 of the canonical file before
 * it is kept. A transfer cut short resumes with a Range request from the bytes already on
 * disk (`<file>.part`); a corrupt file is deleted and refused. Once the four are there, the
 * `mnist` dataset is listed and converted like Fashion-MNIST (published 60,000/10,000 split).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetSummary } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import { checkIdxQuad, convertIdxQuad } from './fashion-mnist';
import { readIdxFileHeader } from './idx';
import { imageCacheDir, loadImageCache } from './image-cache';
import { leadingSplit } from './image-set';
import type { ImageSet } from './image-set';
import { ImportCancelled } from './importers/import-common';
import type { ProgressReport } from './importers/import-common';

export const MNIST_ID = 'mnist';

/** The mirror TensorFlow's datasets use (LeCun's own site refuses scripted downloads). */
export const MNIST_DEFAULT_BASE_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/';

/** The canonical files and their SHA-256, in the order their data is read. */
export const MNIST_FILES: ReadonlyArray<{ name: string; sha256: string }> = [
  { name: 'train-images-idx3-ubyte.gz', sha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609' },
  { name: 'train-labels-idx1-ubyte.gz', sha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c' },
  { name: 't10k-images-idx3-ubyte.gz', sha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6' },
  { name: 't10k-labels-idx1-ubyte.gz', sha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6' },
];

const CLASS_NAMES = Array.from({ length: 10 }, (_, d) => String(d));

export interface DownloadOptions {
  /** where the four files are fetched from (`<baseUrl><file name>`) */
  baseUrl?: string | undefined;
  /** expected SHA-256 per file name; tests inject those of the files they serve */
  hashes?: Readonly<Record<string, string>>;
  /** attempts per file when a transfer breaks off; each resumes where the last stopped */
  attempts?: number;
  signal: AbortSignal;
  progress: ProgressReport;
}

/** Where the downloaded files are kept. */
export function mnistDownloadDir(dataDir: string): string {
  return join(dataDir, 'downloads', MNIST_ID);
}

/** The base URL: LATENT_MNIST_URL when set, else the usual mirror. */
export function mnistBaseUrl(): string {
  return process.env.LATENT_MNIST_URL || MNIST_DEFAULT_BASE_URL;
}

async function sizeOf(path: string): Promise<number | null> {
  return stat(path).then((info) => info.size, () => null);
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/** One sentence for a request that never reached the server. */
function unreachable(url: string, error: unknown): WorkbenchError {
  // undici wraps the socket's error (an AggregateError when several addresses were tried)
  type Failure = { code?: string; message?: string; cause?: Failure; errors?: Failure[] };
  const failure = error as Failure;
  const inner = failure.cause?.errors?.[0] ?? failure.cause ?? failure;
  const cause = inner.code ?? failure.code ?? inner.message ?? String(error);
  return new WorkbenchError(
    'not-found',
    `Cannot reach ${new URL(url).host} (${cause}): this machine looks offline, so MNIST cannot be downloaded; connect and try again, or import MNIST's IDX files you already have with "latent import".`,
  );
}

/** Fetches `url` into `part`, resuming from its current length; true when the body arrived whole. */
async function transfer(url: string, part: string, file: string, options: DownloadOptions): Promise<boolean> {
  const offset = (await sizeOf(part)) ?? 0;
  let response: Response;
  try {
    response = await fetch(url, { signal: options.signal, headers: offset > 0 ? { Range: `bytes=${offset}-` } : {} });
  } catch (error) {
    if (options.signal.aborted) throw new ImportCancelled();
    throw unreachable(url, error);
  }
  // the part already holds the whole file
  if (response.status === 416 && offset > 0) return true;
  if (response.status !== 200 && response.status !== 206) {
    throw new WorkbenchError('not-found', `${url} answered HTTP ${response.status}; check the download address (--base-url) or try again later.`);
  }
  const resumed = response.status === 206 && response.headers.get('content-range')?.startsWith(`bytes ${offset}-`) === true;
  const start = resumed ? offset : 0;
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const total = Number.isFinite(length) ? start + length : 0;
  const out = createWriteStream(part, { flags: resumed ? 'a' : 'w' });
  let done = start;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      done += chunk.length;
      options.progress('download', done, Math.max(total, done), file);
    }
    return total === 0 || done === total;
  } catch {
    if (options.signal.aborted) throw new ImportCancelled();
    // the connection broke off: keep what arrived, the next attempt resumes from it
    return false;
  } finally {
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
}

/** Downloads and verifies the files that are not there yet; returns the mnist summary. */
export async function downloadMnist(dataDir: string, options: DownloadOptions): Promise<DatasetSummary> {
  const dir = mnistDownloadDir(dataDir);
  await mkdir(dir, { recursive: true });
  const base = (options.baseUrl ?? mnistBaseUrl()).replace(/\/?$/, '/');
  for (const { name, sha256 } of MNIST_FILES) {
    const expected = options.hashes?.[name] ?? sha256;
    const final = join(dir, name);
    if ((await sizeOf(final)) !== null) continue;
    const part = `${final}.part`;
    const url = new URL(name, base).href;
    const attempts = options.attempts ?? 4;
    let whole = false;
    for (let attempt = 1; !whole; attempt++) {
      if (options.signal.aborted) throw new ImportCancelled();
      whole = await transfer(url, part, name, options);
      if (!whole && attempt >= attempts) {
        throw new WorkbenchError('timeout', `${url} broke off ${attempts} times; the bytes so far are kept, so downloading again resumes where it stopped.`);
      }
      if (!whole) await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
    options.progress('verify', 0, 1, name);
    const actual = await sha256Of(part);
    if (actual !== expected) {
      await rm(part, { force: true });
      throw new WorkbenchError(
        'bad-request',
        `${url} has SHA-256 ${actual.slice(0, 12)}…, not the canonical ${expected.slice(0, 12)}…: the file is corrupt or not MNIST, so it was deleted; try again or use another mirror.`,
      );
    }
    await rename(part, final);
    options.progress('verify', 1, 1, name);
  }
  const summary = await probeMnist(dataDir);
  if (!summary) throw new Error('internal: the MNIST files vanished after their download');
  return summary;
}

function paths(dataDir: string): string[] {
  return MNIST_FILES.map((f) => join(mnistDownloadDir(dataDir), f.name));
}

function summary(dataDir: string, trainCount: number, valCount: number): DatasetSummary {
  return {
    id: MNIST_ID,
    name: 'MNIST (70k, downloaded)',
    count: trainCount + valCount,
    width: 28,
    height: 28,
    channels: 1,
    trainCount,
    valCount,
    source: `Yann LeCun, Corinna Cortes, Chris Burges; files in ${mnistDownloadDir(dataDir)}`,
    classNames: CLASS_NAMES,
    split: { kind: 'published' },
    origin: 'download',
    labeled: true,
  };
}

/** The summary from the downloaded files' headers, or null before they are all downloaded. */
export async function probeMnist(dataDir: string): Promise<DatasetSummary | null> {
  const files = paths(dataDir);
  const sizes = await Promise.all(files.map(sizeOf));
  if (sizes.some((s) => s === null)) return null;
  const headers = await Promise.all(files.map((p) => readIdxFileHeader(p)));
  const { trainCount, testCount } = checkIdxQuad(headers, files);
  return summary(dataDir, trainCount, testCount);
}

/** Loads full MNIST from its cache, converting the downloaded files on first use. */
export async function loadMnist(dataDir: string): Promise<ImageSet> {
  const files = paths(dataDir);
  const sizes = await Promise.all(files.map(sizeOf));
  if (sizes.some((s) => s === null)) {
    throw new WorkbenchError('not-found', 'Full MNIST is not downloaded yet: use Download in the Data view or "latent datasets --download mnist".');
  }
  const spec = { source: `mnist ${sizes.join(' ')}`, width: 28, height: 28, channels: 1 };
  const data = await loadImageCache(imageCacheDir(dataDir, MNIST_ID), spec, () => convertIdxQuad(files, CLASS_NAMES.length));
  const count = data.labels.length;
  return { summary: summary(dataDir, data.trainCount, count - data.trainCount), images: data.images, labels: data.labels, ...leadingSplit(count, data.trainCount) };
}
