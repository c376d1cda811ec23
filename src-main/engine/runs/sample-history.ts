/**
 * The fixed-noise sample grids of a generative run, one PNG per epoch in
 * `<run>/samples/epoch-0007.png`, written atomically as training goes: the same codes decoded
 * after every epoch, so scrubbing through them shows progress or mode collapse.
 */
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { decodePng, encodePng } from '../generate/image-files';

export const SAMPLES_DIR = 'samples';
/** Background between the grid's cells. */
const GAP = 2;
const FILE = /^epoch-(\d{4,6})\.png$/;

/** The file of one epoch's grid. */
export function sampleGridFile(runDir: string, epoch: number): string {
  return join(runDir, SAMPLES_DIR, `epoch-${String(epoch).padStart(4, '0')}.png`);
}

/** `count` images (values in [0, 1], row-major [count, height, width, channels]) as one
 * near-square grid of bytes, ceil(sqrt(count)) per row, cells 2 pixels apart. */
export function layoutGrid(images: Float32Array, count: number, width: number, height: number, channels: number): { width: number; height: number; bytes: Uint8Array } {
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)));
  const rows = Math.ceil(count / columns);
  const gridWidth = columns * width + (columns - 1) * GAP;
  const gridHeight = rows * height + (rows - 1) * GAP;
  const bytes = new Uint8Array(gridWidth * gridHeight * channels);
  const rowBytes = width * channels;
  for (let i = 0; i < count; i++) {
    const left = (i % columns) * (width + GAP);
    const top = Math.floor(i / columns) * (height + GAP);
    for (let y = 0; y < height; y++) {
      const src = (i * height + y) * rowBytes;
      const dst = ((top + y) * gridWidth + left) * channels;
      for (let k = 0; k < rowBytes; k++) bytes[dst + k] = Math.round(Math.min(1, Math.max(0, images[src + k]!)) * 255);
    }
  }
  return { width: gridWidth, height: gridHeight, bytes };
}

/** Writes one epoch's grid (replacing the file of a resumed run's repeated epoch). */
export async function writeSampleGrid(runDir: string, epoch: number, images: Float32Array, count: number, width: number, height: number): Promise<void> {
  const channels = images.length / (count * width * height);
  const grid = layoutGrid(images, count, width, height, channels);
  await mkdir(join(runDir, SAMPLES_DIR), { recursive: true });
  await writeFileAtomic(sampleGridFile(runDir, epoch), encodePng(grid.bytes, grid.width, grid.height, channels));
}

/** The epochs with a recorded grid, ascending; none when the run recorded none. */
export async function listSampleEpochs(runDir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(join(runDir, SAMPLES_DIR));
  } catch {
    return [];
  }
  return names
    .map((name) => FILE.exec(name))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** One epoch's grid, or null when that epoch has none. */
export async function readSampleGrid(runDir: string, epoch: number): Promise<{ width: number; height: number; channels: number; bytes: Uint8Array } | null> {
  let file: Buffer;
  try {
    file = await readFile(sampleGridFile(runDir, epoch));
  } catch {
    return null;
  }
  return decodePng(file);
}
