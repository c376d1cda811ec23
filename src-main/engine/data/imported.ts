/**
 * The user's imported datasets: each converted once into `<dataDir>/imports/<id>/` in the
 * image-cache layout (`images.u8`, `labels.u8` when labelled, `meta.json` written last), with
 * its seeded random split stored in `meta.json`, and listed from there across restarts.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { DatasetSummary } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import { CacheWriter } from './cache-writer';
import { IMAGE_CACHE_VERSION, readBytes } from './image-cache';
import type { ImageSet } from './image-set';
import { importFolder } from './importers/folder-import';
import { importIdx } from './importers/idx-import';
import { ImportError } from './importers/import-common';
import type { ImportedImages, ProgressReport } from './importers/import-common';
import { importNpy } from './importers/npy-import';
import { randomSplit } from './split';

/** What an import asks for (the contract's ImportRequest after defaults). */
export interface ImportOptions {
  path: string;
  name: string;
  format?: 'idx' | 'npy' | 'folder' | undefined;
  labelsPath?: string | undefined;
  /** folders: resize to size x size */
  size?: number | undefined;
  /** NPY [N, H*W]: the image height and width */
  height?: number | undefined;
  width?: number | undefined;
  rgb: boolean;
  valFraction: number;
  seed: number;
}

const ImportMeta = z.object({
  version: z.literal(IMAGE_CACHE_VERSION),
  id: z.string(),
  name: z.string(),
  format: z.enum(['idx', 'npy', 'folder']),
  sourcePath: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  channels: z.number().int().positive(),
  count: z.number().int().positive(),
  trainCount: z.number().int().nonnegative(),
  valCount: z.number().int().nonnegative(),
  imagesBytes: z.number().int().positive(),
  labeled: z.boolean(),
  classNames: z.array(z.string()).optional(),
  split: z.strictObject({ kind: z.literal('random'), seed: z.number().int().nonnegative(), valFraction: z.number().min(0).max(1) }),
  importedAt: z.string(),
});
type ImportMeta = z.infer<typeof ImportMeta>;

/** Where imports live. */
export function importsDir(dataDir: string): string {
  return join(dataDir, 'imports');
}

/** The id a name becomes: lower case letters, digits and dashes. */
export function datasetIdFor(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

/** idx, npy or folder, from what is at the path. */
async function detectFormat(path: string): Promise<'idx' | 'npy' | 'folder'> {
  const info = await stat(path).catch(() => {
    throw new ImportError(path, 'no such file or folder');
  });
  if (info.isDirectory()) return 'folder';
  return /\.npy$/i.test(path) ? 'npy' : 'idx';
}

function summaryOf(meta: ImportMeta): DatasetSummary {
  return {
    id: meta.id,
    name: meta.name,
    count: meta.count,
    width: meta.width,
    height: meta.height,
    channels: meta.channels,
    trainCount: meta.trainCount,
    valCount: meta.valCount,
    source: `imported from ${meta.sourcePath} (${meta.format})`,
    ...(meta.classNames ? { classNames: meta.classNames } : {}),
    split: meta.split,
    origin: 'import',
    labeled: meta.labeled,
  };
}

async function readMeta(dir: string): Promise<ImportMeta> {
  return ImportMeta.parse(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')));
}

/** Summaries of every complete import; a damaged one is logged and left out. */
export async function listImported(dataDir: string): Promise<DatasetSummary[]> {
  const root = importsDir(dataDir);
  const names = await readdir(root).catch(() => [] as string[]);
  const out: DatasetSummary[] = [];
  // hidden folders are imports still being written (or cut short by a crash)
  for (const name of names.filter((n) => !n.startsWith('.')).sort()) {
    try {
      out.push(summaryOf(await readMeta(join(root, name))));
    } catch (error) {
      console.error(`[engine] imported dataset ${name} left out of the list: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return out;
}

/** Loads an import from its cache: two file reads, no conversion. */
export async function loadImported(dataDir: string, id: string): Promise<ImageSet> {
  const dir = join(importsDir(dataDir), id);
  const meta = await readMeta(dir);
  const images = await readBytes(join(dir, 'images.u8'));
  const labels = meta.labeled ? await readBytes(join(dir, 'labels.u8')) : null;
  if (images.length !== meta.imagesBytes || (labels !== null && labels.length !== meta.count)) {
    throw new WorkbenchError('internal', `The cache of "${meta.name}" in ${dir} is damaged (its files are not the sizes meta.json gives); import it again.`);
  }
  const split = randomSplit(meta.count, meta.split.valFraction, meta.split.seed);
  return { summary: summaryOf(meta), images, labels, ...split };
}

/**
 * Converts the files into a new import. On any failure or cancellation the partial cache is
 * removed; nothing else on disk is touched. `taken` are the ids already in use.
 */
export async function runImport(
  dataDir: string,
  options: ImportOptions,
  taken: ReadonlySet<string>,
  signal: AbortSignal,
  progress: ProgressReport,
): Promise<DatasetSummary> {
  const id = datasetIdFor(options.name);
  if (id === '') throw new WorkbenchError('bad-request', `The name "${options.name}" has no letters or digits; choose a name such as "my-digits".`);
  if (taken.has(id)) throw new WorkbenchError('bad-request', `A dataset "${id}" exists already; choose another name.`);
  const format = options.format ?? (await detectFormat(options.path));
  if (format === 'folder' && options.labelsPath !== undefined) {
    throw new WorkbenchError('bad-request', `${options.path} is a folder: its labels are its subfolders, so a labels file does not apply.`);
  }
  if (format !== 'npy' && (options.height !== undefined || options.width !== undefined)) {
    throw new WorkbenchError('bad-request', `A shape (height x width) applies to NPY rows of H*W values; ${options.path} is ${format === 'folder' ? 'a folder' : 'IDX'}.`);
  }
  const writer = await CacheWriter.create(join(importsDir(dataDir), id)).catch(() => {
    throw new WorkbenchError('bad-request', `A dataset "${id}" exists already; choose another name.`);
  });
  try {
    const context = { signal, progress, append: (pixels: Uint8Array) => writer.append(pixels) };
    let found: ImportedImages;
    if (format === 'folder') {
      found = await importFolder({ path: options.path, size: options.size, rgb: options.rgb }, context);
    } else if (options.size !== undefined || options.rgb) {
      throw new WorkbenchError('bad-request', `Resizing and colour apply to image folders; ${format.toUpperCase()} files are imported at their own size and channels.`);
    } else if (format === 'npy') {
      found = await importNpy({ path: options.path, labelsPath: options.labelsPath, height: options.height, width: options.width }, context);
    } else {
      found = await importIdx({ path: options.path, labelsPath: options.labelsPath }, context);
    }
    const imagesBytes = found.count * found.width * found.height * found.channels;
    if (writer.bytes !== imagesBytes) throw new Error(`internal: wrote ${writer.bytes} pixel bytes for ${imagesBytes}`);
    const split = randomSplit(found.count, options.valFraction, options.seed);
    const meta: ImportMeta = {
      version: IMAGE_CACHE_VERSION,
      id,
      name: options.name,
      format,
      sourcePath: options.path,
      width: found.width,
      height: found.height,
      channels: found.channels,
      count: found.count,
      trainCount: split.trainIndices.length,
      valCount: split.valIndices.length,
      imagesBytes,
      labeled: found.labels !== null,
      ...(found.classNames ? { classNames: found.classNames } : {}),
      split: { kind: 'random', seed: options.seed, valFraction: options.valFraction },
      importedAt: new Date().toISOString(),
    };
    await writer.commit(found.labels, meta);
    return summaryOf(meta);
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
