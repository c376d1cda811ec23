// Reading embeddings made elsewhere (and by our own exports), and the word-vector queries.
import { describe, expect, it } from 'vitest';
import { TimeSlicer } from '../analysis/time-slicer';
import { metadataTsv, npy, vectorsTsv } from './embedding-files';
import { parseNpy, parseProjectorTsv, parseWordVectors } from './embedding-import';
import { isArithmetic, nearestByCosine, parseArithmetic, unitRows, wordArithmetic } from './word-queries';

const slicer = new TimeSlicer();
const MAX = 70_000;

describe('Projector TSV', () => {
  it('reads back what the Projector export writes, metadata header and all', async () => {
    const codes = Float32Array.from({ length: 12 }, (_, i) => Math.fround(Math.sin(i) * 3));
    const meta = metadataTsv({ indices: Int32Array.from([5, 10, 15, 20]), codes, dim: 3, labels: Uint8Array.from([1, 2, 3, 4]), classNames: null, projection: null });
    const parsed = await parseProjectorTsv(vectorsTsv(codes, 3), meta, slicer, { maxRows: MAX });
    expect(parsed).toMatchObject({ count: 4, dim: 3, labels: ['5', '10', '15', '20'] });
    expect(Array.from(parsed.vectors)).toEqual(Array.from(codes));
    expect(parsed.metadata).toEqual({ columns: ['index', 'label'], rows: [['5', '1'], ['10', '2'], ['15', '3'], ['20', '4']] });
  });

  it('a single metadata column has no header; mismatched or non-numeric rows are refused by line', async () => {
    const single = await parseProjectorTsv('1\t2\n3\t4\n', 'cat\ndog\n', slicer, { maxRows: MAX });
    expect(single.labels).toEqual(['cat', 'dog']);
    await expect(parseProjectorTsv('1\t2\n3\t4\n', 'cat\n', slicer, { maxRows: MAX })).rejects.toThrow('metadata.tsv has 1 rows but vectors.tsv has 2');
    await expect(parseProjectorTsv('1\t2\n3\tx\n', null, slicer, { maxRows: MAX })).rejects.toThrow('vectors.tsv, line 2: "x" is not a number');
    await expect(parseProjectorTsv('1\t2\n3\n', null, slicer, { maxRows: MAX })).rejects.toThrow('line 2: 1 values where earlier rows have 2');
    await expect(parseProjectorTsv('1\n2\n3\n', null, slicer, { maxRows: 2 })).rejects.toThrow('has 3 rows; at most 2');
  });
});

describe('word vectors', () => {
  it('GloVe text: 5,000 50-D vectors with progress', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `w${i} ${Array.from({ length: 50 }, (_, j) => ((i * 31 + j * 7) % 97) / 97 - 0.5).join(' ')}`);
    const progress: number[] = [];
    const started = performance.now();
    const parsed = await parseWordVectors(lines.join('\n') + '\n', slicer, { file: 'glove.txt', maxRows: MAX, onProgress: (done) => progress.push(done) });
    console.log(`GloVe 5,000 x 50 parsed in ${(performance.now() - started).toFixed(0)} ms`);
    expect(parsed).toMatchObject({ count: 5000, dim: 50 });
    expect(parsed.labels![4999]).toBe('w4999');
    expect(parsed.vectors[50 * 3 + 2]).toBeCloseTo(((3 * 31 + 14) % 97) / 97 - 0.5, 6);
    expect(progress.at(-1)).toBe(5000);
    expect(progress.length).toBeGreaterThan(1);
  });

  it('word2vec text: the "count dim" header is checked against the body', async () => {
    const parsed = await parseWordVectors('2 3\nking 1 2 3\nqueen 4 5 6\n', slicer, { file: 'w2v.txt', maxRows: MAX });
    expect(parsed).toMatchObject({ count: 2, dim: 3, labels: ['king', 'queen'] });
    await expect(parseWordVectors('3 3\nking 1 2 3\nqueen 4 5 6\n', slicer, { file: 'w2v.txt', maxRows: MAX })).rejects.toThrow("w2v.txt's header promises 3 vectors of 3 values, but it holds 2 of 3");
    await expect(parseWordVectors('king 1 2 3\nqueen 4 five 6\n', slicer, { file: 'g.txt', maxRows: MAX })).rejects.toThrow('g.txt, line 2: "five" is not a number');
  });

  it('nearest words by cosine and "king - man + woman" arithmetic', () => {
    // axes: royalty, gender (+1 male), and a third unrelated one
    const words = ['king', 'queen', 'man', 'woman', 'apple'];
    const vectors = Float32Array.from([1, 1, 0, 1, -1, 0, 0, 1, 0.1, 0, -1, 0.1, 0, 0, 1]);
    const unit = unitRows(vectors, 3);
    const near = nearestByCosine(unit, 3, unit.subarray(0, 3), 2, new Set([0]));
    expect(near.map((m) => words[m.index])).toEqual(['man', 'queen']);
    const query = parseArithmetic('king - man + woman');
    expect(query).toEqual({ plus: ['king', 'woman'], minus: ['man'] });
    const answer = wordArithmetic(unit, 3, words, query, 1);
    expect(words[answer[0]!.index]).toBe('queen');
    expect(() => wordArithmetic(unit, 3, words, parseArithmetic('king - prince'), 1)).toThrow('"prince" is not in the vocabulary.');
    expect(() => parseArithmetic('- man')).toThrow('adds no word');
    // a hyphen inside a word is not a minus; "+" needs no spaces
    expect(parseArithmetic('well-known - known+famous')).toEqual({ plus: ['well-known', 'famous'], minus: ['known'] });
    expect(isArithmetic('well-known')).toBe(false);
    expect(isArithmetic('paris - france + italy')).toBe(true);
    expect(isArithmetic('a+b')).toBe(true);
  });
});

describe('NPY', () => {
  it('reads float32, uint8 and float64 arrays of shape (count, dim)', () => {
    const values = Float32Array.from([1.5, -2, 3, 4, 5, 6]);
    expect(parseNpy(npy(values, [3, 2]), 'a.npy', MAX)).toMatchObject({ count: 3, dim: 2, vectors: values });
    expect(Array.from(parseNpy(npy(Uint8Array.from([1, 2, 3, 4]), [2, 2]), 'b.npy', MAX).vectors)).toEqual([1, 2, 3, 4]);
    const f64 = Buffer.from(npy(Float32Array.from([0, 0]), [1, 2]));
    // rewrite as float64: header descr and 16 data bytes
    const header = f64.subarray(0, f64.length - 8).toString('latin1').replace("'<f4'", "'<f8'");
    const data = Buffer.alloc(16);
    data.writeDoubleLE(0.25, 0);
    data.writeDoubleLE(-8, 8);
    expect(Array.from(parseNpy(Buffer.concat([Buffer.from(header, 'latin1'), data]), 'c.npy', MAX).vectors)).toEqual([0.25, -8]);
  });

  it('refuses a wrong magic, a 1-D shape, Fortran order, an unknown dtype and truncated data', () => {
    const good = npy(Float32Array.from([1, 2, 3, 4]), [2, 2]);
    const edit = (from: string, to: string) => Buffer.from(good.toString('latin1').replace(from, to), 'latin1');
    expect(() => parseNpy(Buffer.from('hello world'), 'x.npy', MAX)).toThrow('x.npy is not an NPY file');
    expect(() => parseNpy(npy(Float32Array.from([1, 2]), [2]), 'x.npy', MAX)).toThrow('embeddings need two dimensions');
    expect(() => parseNpy(edit('False', 'True '), 'x.npy', MAX)).toThrow('Fortran order');
    expect(() => parseNpy(edit("'<f4'", "'<c8'"), 'x.npy', MAX)).toThrow('holds <c8 values');
    expect(() => parseNpy(good.subarray(0, good.length - 3), 'x.npy', MAX)).toThrow('holds 13 bytes of data where shape (2, 2) of <f4 needs 16');
  });
});
