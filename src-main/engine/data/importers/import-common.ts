/** What every importer shares: the refusal it throws, progress, cancellation and shape checks. */
import { WorkbenchError } from '../../../protocol';
import { MAX_CACHE_BYTES } from '../cache-writer';

/** A file that cannot be imported; the message is one sentence naming the file and the problem. */
export class ImportError extends WorkbenchError {
  constructor(file: string, problem: string) {
    super('bad-request', `${file}: ${problem}`);
  }
}

/** Thrown when the user cancels an import or a download. */
export class ImportCancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'ImportCancelled';
  }
}

/** Reports `done` of `total` units (images or bytes) of a stage. */
export type ProgressReport = (stage: 'read' | 'scan' | 'download' | 'verify' | 'convert', done: number, total: number, file?: string) => void;

/** What an importer is given besides its files. */
export interface ImportContext {
  signal: AbortSignal;
  progress: ProgressReport;
  /** receives the pixels (uint8, row-major [n, height, width, channels]) as they are decoded */
  append(pixels: Uint8Array): Promise<void>;
}

/** What an importer found, once its pixels are all appended. */
export interface ImportedImages {
  count: number;
  width: number;
  height: number;
  channels: number;
  labels: Uint8Array | null;
  classNames?: string[];
}

/** Largest side an imported image may have; bigger images need `size` to shrink them. */
export const MAX_IMPORT_SIDE = 256;

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new ImportCancelled();
}

/**
 * Checks declared dimensions before a byte is read: sides the workbench handles and a total
 * that fits the cache, so a header declaring a huge shape is refused without allocating.
 */
export function checkImageShape(file: string, count: number, height: number, width: number, channels: number): void {
  if (count < 1) throw new ImportError(file, 'declares no images; expected at least one');
  if (height < 1 || width < 1 || height > MAX_IMPORT_SIDE || width > MAX_IMPORT_SIDE) {
    throw new ImportError(file, `declares ${height}x${width} images; the workbench takes sides of 1 to ${MAX_IMPORT_SIDE} pixels`);
  }
  if (channels !== 1 && channels !== 3) {
    throw new ImportError(file, `declares ${channels} channels per pixel; expected 1 (greyscale) or 3 (RGB)`);
  }
  const bytes = count * height * width * channels;
  if (bytes > MAX_CACHE_BYTES) {
    throw new ImportError(
      file,
      `declares ${count.toLocaleString('en-US')} images of ${height}x${width}x${channels} (${formatBytes(bytes)}), more than the ${formatBytes(MAX_CACHE_BYTES)} a dataset may hold`,
    );
  }
}

/** "1.6 GB" style sizes for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

/** Labels are stored as bytes: every value must be an integer 0..255. */
export function checkLabelValues(file: string, values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new ImportError(file, `label ${v} at index ${i}; expected whole numbers 0 to 255`);
    out[i] = v;
  }
  return out;
}
