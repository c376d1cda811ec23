/**
 * Queries on word vectors: the nearest words to a word by cosine similarity, and vector
 * arithmetic ("king - man + woman" -> the nearest words to that sum), as word2vec's demos do.
 */

/** Rows scaled to unit length (all-zero rows stay zero), so a dot product is the cosine. */
export function unitRows(vectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let r = 0; r < vectors.length / dim; r++) {
    let norm = 0;
    for (let c = 0; c < dim; c++) norm += vectors[r * dim + c]! ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let c = 0; c < dim; c++) out[r * dim + c] = vectors[r * dim + c]! * scale;
  }
  return out;
}

/** One match: row index and cosine similarity. */
export interface Match {
  index: number;
  similarity: number;
}

/** The `k` rows most similar to `query` (cosine), best first, leaving out `exclude`. */
export function nearestByCosine(unit: Float32Array, dim: number, query: Float32Array, k: number, exclude: ReadonlySet<number> = new Set()): Match[] {
  let norm = 0;
  for (const v of query) norm += v * v;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const best: Match[] = [];
  for (let r = 0; r < unit.length / dim; r++) {
    if (exclude.has(r)) continue;
    let dot = 0;
    for (let c = 0; c < dim; c++) dot += unit[r * dim + c]! * query[c]!;
    const similarity = dot * scale;
    if (best.length < k || similarity > best.at(-1)!.similarity) {
      best.push({ index: r, similarity });
      best.sort((a, b) => b.similarity - a.similarity);
      if (best.length > k) best.pop();
    }
  }
  return best;
}

/** True when `text` is arithmetic ("king - man + woman") rather than one word. */
export function isArithmetic(text: string): boolean {
  return /\+|\s-\s|^\s*-/.test(text);
}

/** Parses "king - man + woman" into the words added and subtracted. */
export function parseArithmetic(text: string): { plus: string[]; minus: string[] } {
  // a minus needs spaces around it (or leads), so hyphenated words stay whole
  const tokens = text
    .trim()
    .split(/\s*(\+)\s*|\s+(-)\s+|^(-)\s*/)
    .filter((t): t is string => t !== undefined && t !== '');
  const plus: string[] = [];
  const minus: string[] = [];
  let sign = '+';
  for (const token of tokens) {
    if (token === '+' || token === '-') sign = token;
    else (sign === '+' ? plus : minus).push(token);
  }
  if (plus.length === 0) throw new Error(`"${text}" adds no word; write it like "king - man + woman".`);
  return { plus, minus };
}

/** The nearest words to the sum of `plus` minus `minus` (unit vectors, as word2vec does),
 * leaving out the words of the query. Throws naming an unknown word. */
export function wordArithmetic(unit: Float32Array, dim: number, words: readonly string[], query: { plus: string[]; minus: string[] }, k: number): Match[] {
  const index = new Map<string, number>();
  words.forEach((w, i) => {
    if (!index.has(w)) index.set(w, i);
  });
  const sum = new Float32Array(dim);
  const used = new Set<number>();
  for (const [list, sign] of [[query.plus, 1], [query.minus, -1]] as const) {
    for (const word of list) {
      const row = index.get(word);
      if (row === undefined) throw new Error(`"${word}" is not in the vocabulary.`);
      used.add(row);
      for (let c = 0; c < dim; c++) sum[c]! += sign * unit[row * dim + c]!;
    }
  }
  return nearestByCosine(unit, dim, sum, k, used);
}
