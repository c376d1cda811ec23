import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdxFormatError, readIdx, readIdxFile, readIdxFileHeader, writeIdx, type IdxArray, type IdxProblem } from './idx';

const samples: IdxArray[] = [
  { dtype: 'uint8', shape: [3, 2, 2], data: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 128, 200, 254, 255]) },
  { dtype: 'int8', shape: [4], data: Int8Array.from([-128, -1, 0, 127]) },
  { dtype: 'int16', shape: [2, 2], data: Int16Array.from([-32768, -2, 258, 32767]) },
  { dtype: 'int32', shape: [3], data: Int32Array.from([-2147483648, 16909060, 2147483647]) },
  { dtype: 'float32', shape: [1, 2, 1, 2], data: Float32Array.from([-1.5, 0, 3.25, 1e-20]) },
  { dtype: 'float64', shape: [2], data: Float64Array.from([Math.PI, -1e300]) },
];

/** Expects `fn` to throw an IdxFormatError of `problem` whose message contains every fragment. */
function expectIdxError(fn: () => unknown, problem: IdxProblem, ...fragments: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IdxFormatError);
  const error = caught as IdxFormatError;
  expect(error.problem).toBe(problem);
  expect(error.file).toBe('bad.idx');
  for (const fragment of ['bad.idx: ', ...fragments]) expect(error.message).toContain(fragment);
}

describe('readIdx round trip', () => {
  for (const sample of samples) {
    for (const gzip of [false, true]) {
      it(`${sample.dtype} ${sample.shape.join('x')}${gzip ? ' gzipped' : ''}`, () => {
        const bytes = writeIdx(sample, { gzip });
        expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
        const back = readIdx(bytes);
        expect(back.dtype).toBe(sample.dtype);
        expect(back.shape).toEqual(sample.shape);
        expect(back.data.constructor).toBe(sample.data.constructor);
        expect(Array.from(back.data)).toEqual(Array.from(sample.data));
      });
    }
  }

  it('writes the header big-endian, as the IDX spec says', () => {
    const bytes = writeIdx({ dtype: 'int16', shape: [2, 258], data: new Int16Array(516).fill(0x0102) });
    expect(Array.from(bytes.subarray(0, 14))).toEqual([0, 0, 0x0b, 2, 0, 0, 0, 2, 0, 0, 1, 2, 1, 2]);
  });

  it('reads from a view into a larger buffer without aliasing it', () => {
    const inner = writeIdx(samples[0]!);
    const padded = new Uint8Array(inner.length + 7);
    padded.set(inner, 3);
    const back = readIdx(padded.subarray(3, 3 + inner.length));
    expect(Array.from(back.data)).toEqual(Array.from(samples[0]!.data));
    padded.fill(9);
    expect(back.data[1]).toBe(1);
  });

  it('refuses to write what IDX cannot hold', () => {
    expect(() => writeIdx({ dtype: 'uint8', shape: [2, 2], data: new Uint8Array(3) })).toThrow(
      'writeIdx: shape 2x2 holds 4 values, data has 3',
    );
    expect(() => writeIdx({ dtype: 'uint8', shape: [1, 1, 1, 1, 1], data: new Uint8Array(1) })).toThrow(RangeError);
  });
});

describe('readIdx errors', () => {
  const good = writeIdx({ dtype: 'uint8', shape: [2, 3], data: new Uint8Array(6) });

  it('empty file', () => {
    expectIdxError(() => readIdx(new Uint8Array(0), 'bad.idx'), 'empty', 'file is empty; expected an IDX file');
  });

  it('not IDX (bad magic)', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
    expectIdxError(() => readIdx(png, 'bad.idx'), 'bad-magic', 'not an IDX file: starts with 0x89 0x50', 'expected two zero bytes');
  });

  it('header shorter than four bytes', () => {
    expectIdxError(() => readIdx(Uint8Array.from([0, 0, 8]), 'bad.idx'), 'truncated-header', 'only 3 bytes', 'at least 4');
  });

  it('unknown type code', () => {
    const bytes = good.slice();
    bytes[2] = 0x0a;
    expectIdxError(() => readIdx(bytes, 'bad.idx'), 'bad-type', 'unknown IDX type code 0x0A', '0x08 (uint8)', '0x0E (float64)');
  });

  it('zero or more than four dimensions', () => {
    expectIdxError(() => readIdx(Uint8Array.from([0, 0, 8, 0]), 'bad.idx'), 'bad-ndims', 'header says 0 dimensions; expected 1 to 4');
    const five = new Uint8Array(4 + 20 + 1);
    five.set([0, 0, 8, 5]);
    expectIdxError(() => readIdx(five, 'bad.idx'), 'bad-ndims', 'header says 5 dimensions; expected 1 to 4');
  });

  it('dimensions cut off', () => {
    expectIdxError(
      () => readIdx(good.subarray(0, 9), 'bad.idx'),
      'truncated-header',
      '2 dimensions need 12 header bytes, the file has 9',
    );
  });

  it('data length not matching the dimensions, both numbers named', () => {
    expectIdxError(
      () => readIdx(good.subarray(0, good.length - 1), 'bad.idx'),
      'length-mismatch',
      'dimensions 2x3 of uint8 need 6 bytes, found 5',
    );
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expectIdxError(() => readIdx(longer, 'bad.idx'), 'length-mismatch', 'need 6 bytes, found 10');
    const floats = writeIdx({ dtype: 'float32', shape: [3], data: new Float32Array(3) });
    expectIdxError(() => readIdx(floats.subarray(0, 15), 'bad.idx'), 'length-mismatch', 'dimensions 3 of float32 need 12 bytes, found 7');
  });

  it('truncated gzip', () => {
    const gz = writeIdx({ dtype: 'uint8', shape: [100, 100], data: new Uint8Array(10000).map((_, i) => i * 7) }, { gzip: true });
    expectIdxError(() => readIdx(gz.subarray(0, gz.length - 20), 'bad.idx'), 'bad-gzip', 'truncated gzip', 'complete .gz file');
  });

  it('corrupt gzip, and a gzip of something that is not IDX', () => {
    const gz = writeIdx({ dtype: 'uint8', shape: [4], data: new Uint8Array(4) }, { gzip: true }).slice();
    gz[3] = 0xff; // reserved flag bits
    expectIdxError(() => readIdx(gz, 'bad.idx'), 'bad-gzip', 'corrupt gzip');
    expectIdxError(() => readIdx(gzipSync(Buffer.from('hello')), 'bad.idx'), 'bad-magic', 'not an IDX file');
    expectIdxError(() => readIdx(gzipSync(Buffer.alloc(0)), 'bad.idx'), 'empty', 'gzip holds no data');
  });

  it('names a default when no file name is given', () => {
    expect(() => readIdx(new Uint8Array(0))).toThrow('IDX data: file is empty');
  });
});

describe('readIdxFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'latent-idx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads raw and gzipped files and names the path in errors', async () => {
    const labels: IdxArray = { dtype: 'uint8', shape: [5], data: Uint8Array.from([3, 1, 4, 1, 5]) };
    await writeFile(join(dir, 'labels-idx1-ubyte'), writeIdx(labels));
    await writeFile(join(dir, 'labels-idx1-ubyte.gz'), writeIdx(labels, { gzip: true }));
    for (const file of ['labels-idx1-ubyte', 'labels-idx1-ubyte.gz']) {
      const back = await readIdxFile(join(dir, file));
      expect(back.shape).toEqual([5]);
      expect(Array.from(back.data)).toEqual([3, 1, 4, 1, 5]);
    }
    const broken = join(dir, 'broken.gz');
    await writeFile(broken, Uint8Array.from([0x1f, 0x8b, 8, 0]));
    await expect(readIdxFile(broken)).rejects.toThrow(`${broken}: truncated gzip`);
    const empty = join(dir, 'empty');
    await writeFile(empty, new Uint8Array(0));
    await expect(readIdxFile(empty)).rejects.toThrow(`${empty}: file is empty`);
    const hollow = join(dir, 'hollow.gz');
    await writeFile(hollow, gzipSync(Buffer.alloc(0)));
    await expect(readIdxFile(hollow)).rejects.toThrow(`${hollow}: gzip holds no data`);
  });
});

describe('readIdxFileHeader', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'latent-idx-header-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the type and dimensions of raw and gzipped files, even when their data is cut short', async () => {
    // random pixels barely compress, so the gzip is several times larger than what is read
    const images: IdxArray = { dtype: 'uint8', shape: [40, 28, 28], data: Uint8Array.from({ length: 40 * 784 }, () => Math.floor(Math.random() * 256)) };
    const gz = writeIdx(images, { gzip: true });
    await writeFile(join(dir, 'images.gz'), gz);
    await writeFile(join(dir, 'images'), writeIdx(images));
    await writeFile(join(dir, 'cut.gz'), gz.subarray(0, 5000));
    for (const file of ['images.gz', 'images', 'cut.gz']) {
      expect(await readIdxFileHeader(join(dir, file))).toEqual({ dtype: 'uint8', shape: [40, 28, 28] });
    }
    await writeFile(join(dir, 'tiny'), writeIdx({ dtype: 'int16', shape: [1], data: Int16Array.from([5]) }));
    expect(await readIdxFileHeader(join(dir, 'tiny'))).toEqual({ dtype: 'int16', shape: [1] });
  });

  it('names the path when the header is not IDX', async () => {
    const cases: [string, Uint8Array, string][] = [
      ['empty', new Uint8Array(0), 'file is empty'],
      ['hollow.gz', gzipSync(Buffer.alloc(0)), 'gzip holds no data'],
      ['html.gz', gzipSync(Buffer.from('<html>')), 'not an IDX file'],
      ['corrupt.gz', Uint8Array.from([0x1f, 0x8b, 8, 0xff, 0, 0, 0, 0, 0, 3, 1, 2, 3]), 'corrupt gzip'],
      ['short', Uint8Array.from([0, 0, 8, 3, 0, 0]), 'header truncated: 3 dimensions need 16 header bytes, the file has 6'],
    ];
    for (const [name, bytes, message] of cases) {
      const path = join(dir, name);
      await writeFile(path, bytes);
      await expect(readIdxFileHeader(path)).rejects.toThrow(`${path}: ${message}`);
    }
  });
});

const FASHION = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';
const hasFashion = existsSync(FASHION);
if (!hasFashion) console.log(`skipping the Fashion-MNIST check: ${FASHION} not found (Debian package dataset-fashion-mnist)`);

describe('Debian Fashion-MNIST', () => {
  it.skipIf(!hasFashion)('reads t10k-images as 10000x28x28 uint8', async () => {
    const images = await readIdxFile(FASHION);
    expect(images.dtype).toBe('uint8');
    expect(images.shape).toEqual([10000, 28, 28]);
    expect(images.data.length).toBe(10000 * 28 * 28);
    expect(images.data.some((v) => v > 0)).toBe(true);
  });
});
