/**
 * Imports IDX images (raw or .gz; uint8, [N, H, W] or [N, H, W, C]) with optional labels.
 * The header is checked first (shape, size against the file), then the pixels are streamed
 * through gunzip into the cache in chunks, so the whole file is never in memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { IdxFormatError, readIdxFileHead } from '../idx';
import type { IdxHeader } from '../idx';
import { readLabelsFile } from './labels';
import { checkImageShape, ImportError, throwIfCancelled } from './import-common';
import type { ImportContext, ImportedImages } from './import-common';

export interface IdxImportOptions {
  path: string;
  labelsPath?: string | undefined;
}

/** The count and image shape an IDX header declares, refused when not images. */
function imageShape(path: string, header: IdxHeader): { count: number; height: number; width: number; channels: number } {
  if (header.dtype !== 'uint8') throw new ImportError(path, `holds ${header.dtype} values; image IDX files must hold uint8 pixels`);
  const [count, height, width, channels = 1] = header.shape;
  if (header.shape.length < 3 || count === undefined || height === undefined || width === undefined) {
    throw new ImportError(path, `has ${header.shape.length} dimension(s) (${header.shape.join(' x ')}); expected images, N x H x W or N x H x W x C`);
  }
  checkImageShape(path, count, height, width, channels);
  return { count, height, width, channels };
}

async function readHead(path: string): Promise<{ header: IdxHeader; headerBytes: number; gzipped: boolean }> {
  try {
    return await readIdxFileHead(path);
  } catch (error) {
    throw asImportError(path, error);
  }
}

function asImportError(path: string, error: unknown): Error {
  if (error instanceof IdxFormatError) return new ImportError(path, error.message.slice(path.length + 2));
  if (error instanceof ImportError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ImportError(path, 'no such file');
  if (code === 'EACCES') return new ImportError(path, 'cannot be read (permission denied)');
  return error instanceof Error ? error : new Error(String(error));
}

export async function importIdx(options: IdxImportOptions, context: ImportContext): Promise<ImportedImages> {
  const { path } = options;
  const { header, headerBytes, gzipped } = await readHead(path);
  const { count, height, width, channels } = imageShape(path, header);
  const imageBytes = height * width * channels;
  const expected = count * imageBytes;
  if (!gzipped) {
    const size = (await stat(path)).size;
    if (size !== headerBytes + expected) {
      throw new ImportError(
        path,
        `${size < headerBytes + expected ? 'is truncated' : 'is longer than its header says'}: ${count} images of ${height}x${width}${channels > 1 ? `x${channels}` : ''} need ${headerBytes + expected} bytes, the file has ${size}`,
      );
    }
  }
  // labels are small (one byte per image): check them before the long read
  const labels = options.labelsPath === undefined ? null : await readLabelsFile(options.labelsPath, count, path);

  const source = createReadStream(path, gzipped ? {} : { start: headerBytes });
  const stream = gzipped ? source.pipe(createGunzip()) : source;
  source.on('error', (error) => stream.destroy(error));
  let skip = gzipped ? headerBytes : 0;
  let got = 0;
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      throwIfCancelled(context.signal);
      let chunk: Uint8Array = piece;
      if (skip > 0) {
        const drop = Math.min(skip, chunk.length);
        chunk = chunk.subarray(drop);
        skip -= drop;
      }
      if (chunk.length === 0) continue;
      if (got + chunk.length > expected) throw new ImportError(path, `is longer than its header says: ${count} images need ${expected} bytes of pixels, it holds more`);
      await context.append(chunk);
      got += chunk.length;
      context.progress('read', Math.floor(got / imageBytes), count, path);
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/unexpected end/i.test(reason)) throw new ImportError(path, 'is a truncated gzip file; was the download cut short?');
    if ((error as { code?: string }).code?.startsWith('Z_')) throw new ImportError(path, `is a corrupt gzip file (${reason})`);
    throw asImportError(path, error);
  } finally {
    source.destroy();
  }
  if (got !== expected) {
    throw new ImportError(path, `is truncated: ${count} images of ${height}x${width} need ${expected} bytes of pixels, it holds ${got}`);
  }
  return { count, width, height, channels, labels };
}
