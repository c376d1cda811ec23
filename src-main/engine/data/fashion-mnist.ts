/**
 * Fashion-MNIST (Zalando Research, MIT): 70,000 28x28 greyscale photos of clothing in 10
 * classes, a harder drop-in for MNIST. Read from the four gzipped IDX files that Debian's
 * `dataset-fashion-mnist` installs (or a folder named by LATENT_FASHION_MNIST_DIR) and
 * converted once into the image cache, so later loads only read two files.
 *
 * Canonical split: the 60,000 images of the train files train and the 10,000 of the t10k
 * files validate, the split the dataset is published with, so results compare with others'.
 * The cache keeps the train images first: indices 0..59,999 train, 60,000..69,999 validate.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { DatasetSummary } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import { readIdxFile, readIdxFileHeader } from './idx';
import type { IdxHeader } from './idx';
import { concatBytes, imageCacheDir, loadImageCache } from './image-cache';
import type { ConvertedImages } from './image-cache';
import { leadingSplit } from './image-set';
import type { ImageSet } from './image-set';

export const FASHION_MNIST_ID = 'fashion-mnist';

/** where Debian's `dataset-fashion-mnist` installs the files */
export const FASHION_MNIST_DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** the class each label value 0..9 stands for, as the dataset defines them */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** the four files, in the order their data is read */
export const FASHION_MNIST_FILES = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
] as const;

const SIDE = 28;

/** The folder to read: LATENT_FASHION_MNIST_DIR if set, else Debian's. */
export function fashionMnistDir(): string {
  return process.env.LATENT_FASHION_MNIST_DIR || FASHION_MNIST_DEBIAN_DIR;
}

/** Where the folder the user picked in the Data view is remembered. */
function chosenFolderFile(dataDir: string): string {
  return join(dataDir, 'datasets', 'fashion-mnist-folder.json');
}

/** The folder to read: the one the user picked (if any), else {@link fashionMnistDir}. */
export async function resolveFashionMnistDir(dataDir: string): Promise<string> {
  try {
    const { dir } = JSON.parse(await readFile(chosenFolderFile(dataDir), 'utf8')) as { dir?: unknown };
    if (typeof dir === 'string' && dir !== '') return dir;
  } catch {
    // nothing picked (or an unreadable note): the usual places
  }
  return fashionMnistDir();
}

/** Remembers `dir` as Fashion-MNIST's folder once its four files check out; returns the summary. */
export async function chooseFashionMnistDir(dataDir: string, dir: string): Promise<DatasetSummary> {
  const located = await locate(dir);
  if ('missing' in located) {
    throw new WorkbenchError('bad-request', `${dir} lacks ${located.missing.join(', ')}; pick the folder that holds Fashion-MNIST's four IDX .gz files.`);
  }
  const found = await probeFashionMnist(dir);
  await mkdir(join(dataDir, 'datasets'), { recursive: true });
  await writeFileAtomic(chosenFolderFile(dataDir), JSON.stringify({ dir }));
  return found!;
}

/** The four paths and a stamp of their sizes and times, or the names of the files missing. */
type Located = { paths: string[]; stamp: string } | { missing: string[] };

async function locate(dir: string): Promise<Located> {
  const paths = FASHION_MNIST_FILES.map((name) => join(dir, name));
  const infos = await Promise.all(paths.map((path) => stat(path).then((info) => (info.isFile() ? info : null), () => null)));
  const missing = FASHION_MNIST_FILES.filter((_, i) => infos[i] === null);
  if (missing.length > 0) return { missing };
  return { paths, stamp: infos.map((info, i) => `${FASHION_MNIST_FILES[i]}:${info!.size}:${info!.mtimeMs}`).join(' ') };
}

/** Checks four IDX headers (train images, labels, test images, labels of 28x28 uint8) fit
 * together; returns the train and test sizes. Full MNIST's files share the layout. */
export function checkIdxQuad(parts: IdxHeader[], paths: string[]): { trainCount: number; testCount: number } {
  const trainCount = imageCount(parts[0]!, paths[0]!);
  checkLabels(parts[1]!, paths[1]!, trainCount, paths[0]!);
  const testCount = imageCount(parts[2]!, paths[2]!);
  checkLabels(parts[3]!, paths[3]!, testCount, paths[2]!);
  return { trainCount, testCount };
}

function imageCount(header: IdxHeader, file: string): number {
  const [count, height, width] = header.shape;
  if (header.dtype !== 'uint8' || header.shape.length !== 3 || height !== SIDE || width !== SIDE) {
    throw fileError(file, `expected ${SIDE}x${SIDE} images (uint8, N x ${SIDE} x ${SIDE}), found ${header.dtype} of ${header.shape.join(' x ')}`);
  }
  return count!;
}

function checkLabels(header: IdxHeader, file: string, images: number, imagesFile: string): void {
  if (header.dtype !== 'uint8' || header.shape.length !== 1) {
    throw fileError(file, `expected labels (uint8, one dimension), found ${header.dtype} of ${header.shape.join(' x ')}`);
  }
  if (header.shape[0] !== images) {
    throw fileError(file, `${header.shape[0]} labels for the ${images} images of ${imagesFile}; expected one label per image`);
  }
}

function fileError(file: string, message: string): Error {
  return new Error(`${file}: ${message}`);
}

/** Decodes the four files into one cache: train images first, then t10k; labels must be < classCount. */
export async function convertIdxQuad(paths: string[], classCount: number): Promise<ConvertedImages> {
  const parts = await Promise.all(paths.map((path) => readIdxFile(path)));
  const { trainCount } = checkIdxQuad(parts, paths);
  for (const i of [1, 3]) {
    const labels = parts[i]!.data;
    const at = labels.findIndex((v) => v >= classCount);
    if (at >= 0) throw fileError(paths[i]!, `label ${labels[at]} at index ${at}; expected 0..${classCount - 1}`);
  }
  const bytes = (i: number): Uint8Array => parts[i]!.data as Uint8Array;
  return { images: concatBytes([bytes(0), bytes(2)]), labels: concatBytes([bytes(1), bytes(3)]), trainCount };
}

function summary(dir: string, trainCount: number, valCount: number): DatasetSummary {
  return {
    id: FASHION_MNIST_ID,
    name: 'Fashion-MNIST',
    count: trainCount + valCount,
    width: SIDE,
    height: SIDE,
    channels: 1,
    trainCount,
    valCount,
    source: `Zalando Research (MIT), files in ${dir}`,
    classNames: [...FASHION_MNIST_CLASSES],
    split: { kind: 'published' },
    origin: 'system',
    labeled: true,
  };
}

/**
 * The summary from the files' headers alone (a few KiB inflated, no images decoded), or null
 * when the folder does not hold the four files; throws, naming the file, when a header is wrong.
 */
export async function probeFashionMnist(dir = fashionMnistDir()): Promise<DatasetSummary | null> {
  const located = await locate(dir);
  if ('missing' in located) return null;
  const headers = await Promise.all(located.paths.map((path) => readIdxFileHeader(path)));
  const { trainCount, testCount } = checkIdxQuad(headers, located.paths);
  return summary(dir, trainCount, testCount);
}

/** Loads Fashion-MNIST, converting the files under `dir` into the cache under `dataDir` on first use. */
export async function loadFashionMnist(dataDir: string, dir = fashionMnistDir()): Promise<ImageSet> {
  const located = await locate(dir);
  if ('missing' in located) {
    throw new WorkbenchError(
      'not-found',
      `Fashion-MNIST is not installed: ${dir} lacks ${located.missing.join(', ')}. ` +
        'Install Debian\'s package dataset-fashion-mnist (sudo apt install dataset-fashion-mnist), ' +
        'or set LATENT_FASHION_MNIST_DIR to a folder holding the four files.',
    );
  }
  const spec = { source: `fashion-mnist ${located.stamp}`, width: SIDE, height: SIDE, channels: 1 };
  const data = await loadImageCache(imageCacheDir(dataDir, FASHION_MNIST_ID), spec, () => convertIdxQuad(located.paths, FASHION_MNIST_CLASSES.length));
  const count = data.labels.length;
  return {
    summary: summary(dir, data.trainCount, count - data.trainCount),
    images: data.images,
    labels: data.labels,
    ...leadingSplit(count, data.trainCount),
  };
}
