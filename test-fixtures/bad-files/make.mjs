// Writes the checked-in files of the bad-file corpus (`node test-fixtures/bad-files/make.mjs`),
// the same bytes every time. manifest.json says what each one is and the message it must get;
// the big ones (a sparse 2 GB IDX, damaged tfjs exports) are made by the test itself.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';

const here = dirname(fileURLToPath(import.meta.url));

function write(path, bytes) {
  const full = join(here, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, bytes);
}

/** n images of side x side whose pixel k of image i is (i * 5 + k) % 256. */
function pixels(n, side) {
  return Uint8Array.from({ length: n * side * side }, (_, j) => (Math.floor(j / (side * side)) * 5 + (j % (side * side))) % 256);
}

/** A uint8 IDX file: magic 00 00 08 <dims>, big-endian sizes, then the data. */
function idx(shape, data) {
  const out = Buffer.alloc(4 + 4 * shape.length + data.length);
  out.set([0, 0, 0x08, shape.length]);
  shape.forEach((d, i) => out.writeUInt32BE(d, 4 + 4 * i));
  out.set(data, 4 + 4 * shape.length);
  return out;
}

/** An NPY v1 file of `descr` around `data`; `shapeText` is the shape its header declares. */
function npy(descr, shapeText, data) {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = Buffer.alloc(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  out.set(data, 10 + header.length);
  return out;
}

function png(width, height, grey) {
  const image = new PNG({ width, height });
  image.data = Buffer.alloc(width * height * 4, 255);
  for (let i = 0; i < width * height; i++) image.data.fill(grey, 4 * i, 4 * i + 3);
  return PNG.sync.write(image, { deflateLevel: 9 });
}

for (const dir of ['idx', 'npy', 'folder', 'vectors']) rmSync(join(here, dir), { recursive: true, force: true });

const wrongMagic = idx([3, 4, 4], pixels(3, 4));
wrongMagic[0] = 0x50;
write('idx/wrong-magic.idx', wrongMagic);
const whole = idx([30, 8, 8], pixels(30, 8));
write('idx/truncated.idx', whole.subarray(0, whole.length - 100));
const gz = gzipSync(idx([300, 8, 8], pixels(300, 8)), { level: 9 });
write('idx/truncated.idx.gz', gz.subarray(0, Math.floor(gz.length / 2)));
write('idx/five-images.idx', idx([5, 4, 4], pixels(5, 4)));
write('idx/four-labels.idx', idx([4], new Uint8Array([0, 1, 2, 1])));

write('npy/float64.npy', npy('<f8', '(2, 4, 4)', new Uint8Array(2 * 16 * 8)));
write('npy/lying-header.npy', npy('|u1', '(20, 4, 4)', new Uint8Array(32)));
write('npy/huge-shape.npy', npy('<f4', '(100000000, 28, 28)', new Uint8Array(4)));

write('folder/mixed-sizes/a/0.png', png(8, 8, 40));
write('folder/mixed-sizes/a/1.png', png(8, 8, 80));
write('folder/mixed-sizes/a/z-odd.png', png(9, 8, 10));
write('folder/undecodable-png/a/0.png', png(8, 8, 40));
// a PNG signature cut off after four bytes
write('folder/undecodable-png/a/1.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));

write('vectors/non-numeric-row.txt', 'king 0.1 0.2 0.3\nqueen 0.4 five 0.6\nman 0.7 0.8 0.9\n');
write('vectors/word2vec-wrong-header.txt', '3 3\nking 1 2 3\nqueen 4 5 6\n');
write('vectors/non-numeric.tsv', '0.1\t0.2\n0.3\tx\n');
// float32 (2, 2) embeddings missing their last three bytes
const vectors = npy('<f4', '(2, 2)', Buffer.from(Float32Array.from([1, 2, 3, 4]).buffer));
write('vectors/truncated.npy', vectors.subarray(0, vectors.length - 3));
