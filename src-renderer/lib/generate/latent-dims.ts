/** Which latent dimensions get a slider or a traversal row (the most used ones, by the
 * engine's usage measure), and the codes the view decodes: traversals and arithmetic. */

/** At most this many sliders; larger codes show their most used dimensions. */
export const MAX_SLIDERS = 16;

/** The `k` dimensions with the highest usage, most used first; the first `k` without usage. */
export function topDimensions(dim: number, usage: Float32Array | null, k = MAX_SLIDERS): number[] {
  const all = Array.from({ length: dim }, (_, j) => j);
  if (!usage) return all.slice(0, k);
  return all.sort((a, b) => usage[b]! - usage[a]! || a - b).slice(0, k);
}

/** A copy of `code` with dimension `j` set to `value`. */
export function withValue(code: Float32Array, j: number, value: number): Float32Array {
  const next = Float32Array.from(code);
  next[j] = value;
  return next;
}

/** Prior standard deviations a traversal spans, either side of the base code. */
export const TRAVERSAL_RANGE = 3;

/** `columns` offsets evenly from -range to +range. */
export function traversalOffsets(columns: number, range = TRAVERSAL_RANGE): number[] {
  return Array.from({ length: columns }, (_, c) => (columns === 1 ? 0 : -range + (2 * range * c) / (columns - 1)));
}

/** Codes of the traversal grid, row-major [rows.length * offsets.length, dim]: row r moves
 * dimension rows[r] of `base` by each offset (in prior standard deviations, i.e. 1). */
export function traversalCodes(base: Float32Array, rows: readonly number[], offsets: readonly number[]): Float32Array {
  const dim = base.length;
  const out = new Float32Array(rows.length * offsets.length * dim);
  rows.forEach((j, r) => {
    offsets.forEach((offset, c) => {
      const at = (r * offsets.length + c) * dim;
      out.set(base, at);
      out[at + j] = base[j]! + offset;
    });
  });
  return out;
}

/** code(A) - code(B) + code(C): the analogy "B is to A as C is to ?". */
export function arithmeticCode(a: Float32Array, b: Float32Array, c: Float32Array): Float32Array {
  return Float32Array.from(a, (v, j) => v - b[j]! + c[j]!);
}

/** Row `i` of row-major codes with `dim` values each. */
export function codeAt(codes: Float32Array, i: number, dim: number): Float32Array {
  return codes.slice(i * dim, (i + 1) * dim);
}
