/** Labels for imported images, from an IDX (raw or .gz) or NPY file of one integer per image. */
import { readFile } from 'node:fs/promises';
import { IdxFormatError, readIdx } from '../idx';
import { checkLabelValues, ImportError } from './import-common';
import { checkNpyLength, readNpyHeader } from './npy';

/** Reads the labels, refusing a file whose count is not `count` (the images of `imagesPath`). */
export async function readLabelsFile(path: string, count: number, imagesPath: string): Promise<Uint8Array> {
  const head = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new ImportError(path, error.code === 'ENOENT' ? 'no such labels file' : `cannot be read (${error.code ?? error.message})`);
  });
  const values = head[0] === 0x93 ? await npyLabels(path, head) : idxLabels(path, head);
  if (values.length !== count) {
    throw new ImportError(path, `holds ${values.length} labels for the ${count} images of ${imagesPath}; expected one label per image`);
  }
  return checkLabelValues(path, values);
}

function idxLabels(path: string, bytes: Uint8Array): ArrayLike<number> {
  try {
    const array = readIdx(bytes, path);
    if (array.shape.length !== 1 || array.dtype === 'float32' || array.dtype === 'float64') {
      throw new ImportError(path, `holds ${array.dtype} of shape ${array.shape.join(' x ')}; labels must be one integer per image (one dimension)`);
    }
    return array.data;
  } catch (error) {
    if (error instanceof IdxFormatError) throw new ImportError(path, error.message.slice(path.length + 2));
    throw error;
  }
}

async function npyLabels(path: string, bytes: Uint8Array): Promise<ArrayLike<number>> {
  const header = await readNpyHeader(path);
  checkNpyLength(path, header);
  if (header.shape.length !== 1) throw new ImportError(path, `has shape (${header.shape.join(', ')}); labels must be one integer per image (one dimension)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, bytes.byteLength - header.dataOffset);
  const n = header.shape[0]!;
  const le = header.littleEndian;
  const read: Record<string, (i: number) => number> = {
    uint8: (i) => view.getUint8(i),
    int8: (i) => view.getInt8(i),
    int16: (i) => view.getInt16(2 * i, le),
    uint16: (i) => view.getUint16(2 * i, le),
    int32: (i) => view.getInt32(4 * i, le),
    int64: (i) => Number(view.getBigInt64(8 * i, le)),
  };
  const get = header.dtype === null ? undefined : read[header.dtype];
  if (!get) throw new ImportError(path, `holds ${header.descr} labels; expected integers (uint8, int8, int16, int32 or int64)`);
  return Array.from({ length: n }, (_, i) => get(i));
}
