/**
 * IDX files (the MNIST / Fashion-MNIST format), raw or gzipped: big-endian, a magic of two
 * zero bytes, a type code and a dimension count, then one u32 per dimension, then the data.
 */
import { open, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { constants as zlibConstants, gunzip as gunzipAsync, gunzipSync, gzipSync } from 'node:zlib';

/** Element types IDX can hold. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array each IDX element type is read into. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** What an IDX header says: the element type and the dimensions. */
export interface IdxHeader {
  dtype: IdxDtype;
  /** one entry per dimension, outermost first (e.g. [10000, 28, 28]) */
  shape: number[];
}

/** A decoded IDX file: row-major data in native byte order. */
export interface IdxArray extends IdxHeader {
  data: IdxData;
}

/** What is wrong with a file that is not valid IDX. */
export type IdxProblem =
  | 'empty'
  | 'bad-gzip'
  | 'bad-magic'
  | 'bad-type'
  | 'bad-ndims'
  | 'truncated-header'
  | 'length-mismatch';

/** A file that is not valid IDX; the message names the file, the problem and what was expected. */
export class IdxFormatError extends Error {
  constructor(
    /** the file (or name) that was being read */
    readonly file: string,
    /** machine-readable kind of problem */
    readonly problem: IdxProblem,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'IdxFormatError';
  }
}

/** The most dimensions accepted (MNIST-like data uses 1 for labels, 3 for images, 4 for colour). */
export const IDX_MAX_DIMS = 4;

interface TypeInfo {
  dtype: IdxDtype;
  bytes: number;
}

const TYPES: ReadonlyMap<number, TypeInfo> = new Map([
  [0x08, { dtype: 'uint8', bytes: 1 }],
  [0x09, { dtype: 'int8', bytes: 1 }],
  [0x0b, { dtype: 'int16', bytes: 2 }],
  [0x0c, { dtype: 'int32', bytes: 4 }],
  [0x0d, { dtype: 'float32', bytes: 4 }],
  [0x0e, { dtype: 'float64', bytes: 8 }],
]);

const EXPECTED_TYPES = [...TYPES].map(([code, t]) => `${hex(code)} (${t.dtype})`).join(', ');

/** Decodes IDX bytes, gunzipping first if they start with the gzip magic 1f 8b. */
export function readIdx(bytes: Uint8Array, name = 'IDX data'): IdxArray {
  if (bytes.length === 0) {
    throw new IdxFormatError(name, 'empty', 'file is empty; expected an IDX file (raw or gzipped)');
  }
  return parseIdx(isGzip(bytes) ? gunzipChecked(bytes, name, gunzipSync) : bytes, name);
}

/** Reads and decodes an IDX file (raw or .gz, gunzipped off the main thread); errors name the path. */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const bytes = await readFile(path);
  if (!isGzip(bytes)) return readIdx(bytes, path);
  let raw: Uint8Array;
  try {
    raw = await gunzipPromise(bytes);
  } catch (error) {
    throw gzipError(path, error);
  }
  return parseIdx(checkNotEmpty(raw, path), path);
}

/**
 * Reads only the header of an IDX file (raw or .gz): for a gzipped file just the first few KiB
 * are read and inflated, so sizing a dataset costs milliseconds whatever its length.
 */
export async function readIdxFileHeader(path: string): Promise<IdxHeader> {
  return (await readIdxFileHead(path)).header;
}

/** The header and its size in bytes, from the first few KiB of the (possibly gzipped) file. */
export async function readIdxFileHead(path: string): Promise<{ header: IdxHeader; headerBytes: number; gzipped: boolean }> {
  const head = await readHead(path, 4 + 4 * IDX_MAX_DIMS);
  if (head.length === 0) {
    throw new IdxFormatError(path, 'empty', 'file is empty; expected an IDX file (raw or gzipped)');
  }
  const { header, headerBytes } = parseHeader(head, path);
  return { header, headerBytes, gzipped: await isGzipFile(path) };
}

async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const magic = new Uint8Array(2);
    await handle.read(magic, 0, 2, 0);
    return isGzip(magic);
  } finally {
    await handle.close();
  }
}

/** The first `want` bytes of the file's IDX content (fewer if it is shorter), gunzipped if need be. */
async function readHead(path: string, want: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    let raw = new Uint8Array(0);
    for (let chunk = 4096; ; chunk *= 2) {
      const more = new Uint8Array(chunk);
      const { bytesRead } = await handle.read(more, 0, chunk, raw.length);
      const grown = new Uint8Array(raw.length + bytesRead);
      grown.set(raw);
      grown.set(more.subarray(0, bytesRead), raw.length);
      raw = grown;
      const atEnd = bytesRead < chunk;
      if (!isGzip(raw)) {
        if (raw.length >= want || atEnd) return raw.subarray(0, want);
        continue;
      }
      let inflated: Uint8Array;
      try {
        // a sync flush inflates what the bytes so far hold, without failing on the missing rest
        inflated = gunzipSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      } catch (error) {
        throw gzipError(path, error);
      }
      if (inflated.length >= want || atEnd) return checkNotEmpty(inflated, path).subarray(0, want);
    }
  } finally {
    await handle.close();
  }
}

function parseHeader(raw: Uint8Array, name: string): { header: IdxHeader; headerBytes: number; type: TypeInfo } {
  if (raw.length < 4) {
    throw new IdxFormatError(
      name,
      'truncated-header',
      `only ${raw.length} bytes; an IDX header needs at least 4 (two zero bytes, a type code, a dimension count)`,
    );
  }
  const [zero0, zero1, code, ndims] = [raw[0]!, raw[1]!, raw[2]!, raw[3]!];
  if (zero0 !== 0 || zero1 !== 0) {
    throw new IdxFormatError(
      name,
      'bad-magic',
      `not an IDX file: starts with ${hex(zero0)} ${hex(zero1)}, expected two zero bytes then a type code and a dimension count`,
    );
  }
  const type = TYPES.get(code);
  if (type === undefined) {
    throw new IdxFormatError(name, 'bad-type', `unknown IDX type code ${hex(code)}; expected one of ${EXPECTED_TYPES}`);
  }
  if (ndims === 0 || ndims > IDX_MAX_DIMS) {
    throw new IdxFormatError(name, 'bad-ndims', `header says ${ndims} dimensions; expected 1 to ${IDX_MAX_DIMS}`);
  }
  const headerBytes = 4 + 4 * ndims;
  if (raw.length < headerBytes) {
    throw new IdxFormatError(
      name,
      'truncated-header',
      `header truncated: ${ndims} dimensions need ${headerBytes} header bytes, the file has ${raw.length}`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i, false));
  return { header: { dtype: type.dtype, shape }, headerBytes, type };
}

function parseIdx(raw: Uint8Array, name: string): IdxArray {
  const { header, headerBytes, type } = parseHeader(raw, name);
  const { dtype, shape } = header;
  const count = shape.reduce((p, d) => p * d, 1);
  const expectedBytes = count * type.bytes;
  const actualBytes = raw.length - headerBytes;
  if (actualBytes !== expectedBytes) {
    throw new IdxFormatError(
      name,
      'length-mismatch',
      `data length does not match the header: dimensions ${shape.join('x')} of ${dtype} need ${expectedBytes} bytes, found ${actualBytes}`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return { dtype, shape, data: decode(view, headerBytes, count, dtype) };
}

/** Encodes an array as IDX (big-endian), gzipped if asked; the inverse of {@link readIdx}. */
export function writeIdx(array: IdxArray, options: { gzip?: boolean } = {}): Uint8Array {
  const code = [...TYPES].find(([, t]) => t.dtype === array.dtype)?.[0];
  const type = TYPES.get(code ?? -1);
  if (code === undefined || type === undefined) throw new RangeError(`writeIdx: unknown dtype ${array.dtype}`);
  const { shape, data } = array;
  if (shape.length === 0 || shape.length > IDX_MAX_DIMS) {
    throw new RangeError(`writeIdx: ${shape.length} dimensions; IDX holds 1 to ${IDX_MAX_DIMS}`);
  }
  const count = shape.reduce((p, d) => p * d, 1);
  if (data.length !== count) {
    throw new RangeError(`writeIdx: shape ${shape.join('x')} holds ${count} values, data has ${data.length}`);
  }
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + count * type.bytes);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  encode(view, headerBytes, data, array.dtype);
  return options.gzip === true ? new Uint8Array(gzipSync(out)) : out;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

const gunzipPromise = promisify(gunzipAsync);

function gunzipChecked(bytes: Uint8Array, name: string, inflate: (b: Uint8Array) => Uint8Array): Uint8Array {
  let out: Uint8Array;
  try {
    out = inflate(bytes);
  } catch (error) {
    throw gzipError(name, error);
  }
  return checkNotEmpty(out, name);
}

function checkNotEmpty(inflated: Uint8Array, name: string): Uint8Array {
  if (inflated.length === 0) {
    throw new IdxFormatError(name, 'empty', 'gzip holds no data; expected an IDX file inside');
  }
  return inflated;
}

function gzipError(name: string, error: unknown): IdxFormatError {
  const reason = error instanceof Error ? error.message : String(error);
  return /unexpected end/i.test(reason)
    ? new IdxFormatError(name, 'bad-gzip', `truncated gzip (${reason}); expected a complete .gz file — was the download cut short?`)
    : new IdxFormatError(name, 'bad-gzip', `corrupt gzip (${reason}); expected a gzip-compressed IDX file`);
}

function decode(view: DataView, offset: number, count: number, dtype: IdxDtype): IdxData {
  switch (dtype) {
    case 'uint8':
      // A copy, so the result never aliases the caller's (or zlib's pooled) buffer.
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int16': {
      const data = new Int16Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt16(offset + 2 * i, false);
      return data;
    }
    case 'int32': {
      const data = new Int32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getInt32(offset + 4 * i, false);
      return data;
    }
    case 'float32': {
      const data = new Float32Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + 4 * i, false);
      return data;
    }
    case 'float64': {
      const data = new Float64Array(count);
      for (let i = 0; i < count; i++) data[i] = view.getFloat64(offset + 8 * i, false);
      return data;
    }
  }
}

function encode(view: DataView, offset: number, data: IdxData, dtype: IdxDtype): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    switch (dtype) {
      case 'uint8':
        view.setUint8(offset + i, v);
        break;
      case 'int8':
        view.setInt8(offset + i, v);
        break;
      case 'int16':
        view.setInt16(offset + 2 * i, v, false);
        break;
      case 'int32':
        view.setInt32(offset + 4 * i, v, false);
        break;
      case 'float32':
        view.setFloat32(offset + 4 * i, v, false);
        break;
      case 'float64':
        view.setFloat64(offset + 8 * i, v, false);
        break;
    }
  }
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0').toUpperCase()}`;
}
