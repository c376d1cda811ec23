/**
 * NPY headers (NumPy's .npy format, versions 1-3): the magic `\x93NUMPY`, a version, the
 * header's length, then a Python dict literal `{'descr': '<f4', 'fortran_order': False,
 * 'shape': (N, 28, 28), }`. Only the header is read here; the data is streamed by its users.
 */
import { open } from 'node:fs/promises';
import { ImportError } from './import-common';

/** Element types the workbench reads from NPY files. */
export type NpyDtype = 'uint8' | 'int8' | 'float32' | 'float64' | 'int16' | 'uint16' | 'int32' | 'int64' | 'bool';

export interface NpyHeader {
  /** the raw descr string, e.g. "<f4" */
  descr: string;
  dtype: NpyDtype | null;
  littleEndian: boolean;
  itemSize: number;
  shape: number[];
  /** where the data starts */
  dataOffset: number;
  /** the file's length */
  fileSize: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const KINDS: Record<string, NpyDtype> = {
  u1: 'uint8', i1: 'int8', b1: 'bool', f4: 'float32', f8: 'float64', i2: 'int16', u2: 'uint16', i4: 'int32', i8: 'int64',
};

/** Reads and checks an NPY header; the data length must match the declared shape exactly. */
export async function readNpyHeader(path: string): Promise<NpyHeader> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new ImportError(path, error.code === 'ENOENT' ? 'no such file' : `cannot be opened (${error.code ?? error.message})`);
  });
  try {
    const fileSize = (await handle.stat()).size;
    const lead = new Uint8Array(12);
    const { bytesRead } = await handle.read(lead, 0, 12, 0);
    if (bytesRead < 10 || MAGIC.some((b, i) => lead[i] !== b)) {
      throw new ImportError(path, 'is not an NPY file (it does not start with \\x93NUMPY); save the array with numpy.save');
    }
    const major = lead[6]!;
    const view = new DataView(lead.buffer);
    const [lengthBytes, headerLength] = major === 1 ? [2, view.getUint16(8, true)] : [4, view.getUint32(8, true)];
    if (major < 1 || major > 3) throw new ImportError(path, `is NPY version ${major}; versions 1 to 3 are read`);
    const start = 8 + lengthBytes;
    if (headerLength > 65_536 || start + headerLength > fileSize) {
      throw new ImportError(path, `declares a ${headerLength}-byte header, which the file does not hold; it is damaged or not an NPY file`);
    }
    const text = new Uint8Array(headerLength);
    await handle.read(text, 0, headerLength, start);
    return { ...parseDict(path, new TextDecoder('latin1').decode(text)), dataOffset: start + headerLength, fileSize };
  } finally {
    await handle.close();
  }
}

function parseDict(path: string, dict: string): Omit<NpyHeader, 'dataOffset' | 'fileSize'> {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(dict)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(dict)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(dict)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new ImportError(path, `has an NPY header without descr, fortran_order and shape (${dict.trim().slice(0, 120)})`);
  }
  if (fortran === 'True') throw new ImportError(path, 'is stored in Fortran (column-major) order; save it with numpy.save(np.ascontiguousarray(a))');
  const parts = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const shape = parts.map((s) => Number(s.replace(/L$/, '')));
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new ImportError(path, `has an unreadable shape (${shapeText})`);
  const match = /^([<>|=])([a-z])(\d+)$/.exec(descr);
  const kind = match ? `${match[2]}${match[3]}` : '';
  const itemSize = match ? Number(match[3]) : 0;
  return { descr, dtype: KINDS[kind] ?? null, littleEndian: match?.[1] !== '>', itemSize, shape };
}

/** Refuses a header whose shape does not match the bytes that follow it ("a lying header"). */
export function checkNpyLength(path: string, header: NpyHeader): void {
  const values = header.shape.reduce((p, d) => p * d, 1);
  const expected = header.dataOffset + values * header.itemSize;
  if (expected !== header.fileSize) {
    throw new ImportError(
      path,
      `declares shape (${header.shape.join(', ')}) of ${header.descr}, which needs ${expected} bytes, but the file has ${header.fileSize}; the header does not match the data`,
    );
  }
}

