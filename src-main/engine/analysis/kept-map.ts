/**
 * A finished map kept with its run (`<run>/maps/<method>-<split>.lwmap`), so reopening the run
 * shows it at once and new codes can be placed on it without a refit. One binary file: the
 * magic "LWMAP", a format version byte, a little-endian uint32 header length, the JSON header,
 * zero padding to a multiple of 4, then the arrays the header lists, little-endian, in order.
 * Written atomically (write-file-atomic), so a crash never leaves half a map.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { ProjectionMethod, ProjectionSplit, UmapSettings } from '../../protocol';
import type { MapModel } from './map-transform';

/** The folder of a run's kept maps. */
export const MAPS_DIR = 'maps';
/** Bumped when the layout of the file changes; older versions are refitted, not misread. */
export const KEPT_MAP_VERSION = 1;
const MAGIC = 'LWMAP';

/** Everything a kept map holds. */
export interface KeptMap {
  runId: string;
  datasetId: string;
  split: ProjectionSplit;
  method: ProjectionMethod;
  umap: UmapSettings;
  maxPoints: number;
  seed: number;
  /** images in the split */
  total: number;
  generative: boolean;
  weights: string;
  savedAt: string;
  epochs: number;
  varianceExplained: [number, number] | null;
  quality: { trustworthiness: number; k: number; sample: number } | null;
  indices: Int32Array;
  labels: Uint8Array | null;
  errors: Float32Array;
  /** what places new codes: the codes and final layout, PCA's mean and axes */
  model: MapModel;
}

type ArrayName = 'indices' | 'labels' | 'errors' | 'codes' | 'coords';
interface Header extends Omit<KeptMap, 'indices' | 'labels' | 'errors' | 'model'> {
  version: number;
  dim: number;
  metric: MapModel['metric'];
  pca: { mean: number[]; axes: number[] } | null;
  arrays: Array<{ name: ArrayName; type: 'i32' | 'u8' | 'f32'; length: number }>;
}

/** The file of the map of `method` on `split`. */
export function keptMapFile(runDir: string, method: ProjectionMethod, split: ProjectionSplit): string {
  return join(runDir, MAPS_DIR, `${method}-${split}.lwmap`);
}

/** Keeps `map` in `runDir`, replacing the map of the same method and split. */
export async function writeKeptMap(runDir: string, map: KeptMap): Promise<void> {
  const { model, indices, labels, errors, ...rest } = map;
  const arrays: Array<[ArrayName, Int32Array | Uint8Array | Float32Array]> = [['indices', indices], ['errors', errors], ['codes', model.codes], ['coords', model.coords]];
  if (labels) arrays.push(['labels', labels]);
  const header: Header = {
    ...rest,
    version: KEPT_MAP_VERSION,
    dim: model.dim,
    metric: model.metric,
    pca: model.pca ? { mean: Array.from(model.pca.mean), axes: Array.from(model.pca.axes) } : null,
    arrays: arrays.map(([name, array]) => ({ name, type: array instanceof Int32Array ? 'i32' : array instanceof Uint8Array ? 'u8' : 'f32', length: array.length })),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align(MAGIC.length + 1 + 4 + json.length);
  const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1'), Buffer.from([KEPT_MAP_VERSION]), uint32(json.length), json, Buffer.alloc(start - (MAGIC.length + 5 + json.length))];
  for (const [, array] of arrays) {
    const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    parts.push(bytes, Buffer.alloc(align(bytes.length) - bytes.length));
  }
  await mkdir(join(runDir, MAPS_DIR), { recursive: true });
  await writeFileAtomic(keptMapFile(runDir, map.method, map.split), Buffer.concat(parts));
}

/** The kept map of `method` on `split`, or null when there is none (or it is unreadable: a
 * refit replaces it). */
export async function readKeptMap(runDir: string, method: ProjectionMethod, split: ProjectionSplit): Promise<KeptMap | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(keptMapFile(runDir, method, split));
  } catch {
    return null;
  }
  try {
    return decode(bytes);
  } catch (error) {
    console.warn(`[engine] ignoring the unreadable kept map ${keptMapFile(runDir, method, split)}:`, error);
    return null;
  }
}

/** The run's most recently kept map, or null. */
export async function latestKeptMap(runDir: string): Promise<KeptMap | null> {
  let names: string[];
  try {
    names = (await readdir(join(runDir, MAPS_DIR))).filter((n) => /^[a-z]+-[a-z]+\.lwmap$/.test(n));
  } catch {
    return null;
  }
  const dated = await Promise.all(names.map(async (name) => ({ name, time: (await stat(join(runDir, MAPS_DIR, name))).mtimeMs })));
  for (const { name } of dated.sort((a, b) => b.time - a.time)) {
    const [method, split] = name.replace('.lwmap', '').split('-') as [ProjectionMethod, ProjectionSplit];
    const map = await readKeptMap(runDir, method, split);
    if (map) return map;
  }
  return null;
}

function decode(bytes: Buffer): KeptMap {
  if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a kept map');
  const version = bytes[MAGIC.length]!;
  if (version !== KEPT_MAP_VERSION) throw new Error(`format version ${version}, this build reads ${KEPT_MAP_VERSION}`);
  const length = bytes.readUInt32LE(MAGIC.length + 1);
  const header = JSON.parse(bytes.toString('utf8', MAGIC.length + 5, MAGIC.length + 5 + length)) as Header;
  let offset = align(MAGIC.length + 5 + length);
  const found = new Map<ArrayName, Int32Array | Uint8Array | Float32Array>();
  for (const { name, type, length: size } of header.arrays) {
    const width = type === 'u8' ? 1 : 4;
    if (offset + size * width > bytes.length) throw new Error('the file is cut short');
    // copy into an aligned buffer of its own: the file's buffer may sit at any offset
    const copy = new Uint8Array(bytes.subarray(offset, offset + size * width)).buffer;
    found.set(name, type === 'i32' ? new Int32Array(copy) : type === 'u8' ? new Uint8Array(copy) : new Float32Array(copy));
    offset += align(size * width);
  }
  const indices = found.get('indices') as Int32Array | undefined;
  const errors = found.get('errors') as Float32Array | undefined;
  const codes = found.get('codes') as Float32Array | undefined;
  const coords = found.get('coords') as Float32Array | undefined;
  const labels = (found.get('labels') as Uint8Array | undefined) ?? null;
  const count = indices?.length ?? -1;
  if (!indices || !errors || !codes || !coords || errors.length !== count || coords.length !== 2 * count || codes.length !== count * header.dim || (labels && labels.length !== count)) {
    throw new Error('its arrays do not fit together');
  }
  const { version: _version, dim, metric, pca, arrays: _arrays, ...rest } = header;
  return {
    ...rest,
    indices,
    labels,
    errors,
    model: { method: header.method, dim, metric, codes, coords, pca: pca ? { mean: Float64Array.from(pca.mean), axes: Float64Array.from(pca.axes) } : null },
  };
}

function align(n: number): number {
  return Math.ceil(n / 4) * 4;
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
