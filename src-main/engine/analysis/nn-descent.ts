/**
 * Approximate k-nearest neighbours by NN-descent (Dong, Moses & Li 2011, as in pynndescent):
 * start from the neighbours found in the leaves of random-projection trees, then repeatedly
 * compare each point's neighbours with each other ("a neighbour of a neighbour is likely a
 * neighbour") until few lists improve. Typed arrays throughout; stock umap-js's search is
 * ~10x slower and blocks the event loop for its whole duration.
 */
import type { Neighbours, ProgressFn } from './knn';
import type { TimeSlicer } from './time-slicer';

/** Trees whose leaves seed the lists; more trees, better start, slower start. */
const TREES = 8;
/** Stop when fewer than this share of neighbour slots changed in an iteration. */
const DELTA = 0.001;
const MAX_ITERATIONS = 12;

/** Fixed-size max-heaps, one per point, of (index, key) pairs; key = distance or priority. */
class Heaps {
  readonly indices: Int32Array;
  readonly keys: Float32Array;
  /** 1 = a neighbour not yet used in a local join */
  readonly fresh: Uint8Array;

  constructor(
    count: number,
    readonly size: number,
  ) {
    this.indices = new Int32Array(count * size).fill(-1);
    this.keys = new Float32Array(count * size).fill(Infinity);
    this.fresh = new Uint8Array(count * size);
  }

  /** Adds `index` to `row`'s heap if it beats the worst and is not there yet; true if added. */
  push(row: number, index: number, key: number, fresh: number): boolean {
    const size = this.size;
    const base = row * size;
    const keys = this.keys;
    const indices = this.indices;
    if (key >= keys[base]!) return false;
    for (let t = 0; t < size; t++) if (indices[base + t] === index) return false;
    // replace the root (the worst) and sift down
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && keys[base + right]! > keys[base + left]! ? right : left;
      if (keys[base + child]! <= key) break;
      keys[base + i] = keys[base + child]!;
      indices[base + i] = indices[base + child]!;
      this.fresh[base + i] = this.fresh[base + child]!;
      i = child;
    }
    keys[base + i] = key;
    indices[base + i] = index;
    this.fresh[base + i] = fresh;
    return true;
  }
}

function squaredDistance(data: Float32Array, dim: number, a: number, b: number): number {
  let sum = 0;
  const ia = a * dim;
  const ib = b * dim;
  for (let j = 0; j < dim; j++) {
    const diff = data[ia + j]! - data[ib + j]!;
    sum += diff * diff;
  }
  return sum;
}

/** Each point's `k` (approximately) nearest other points, nearest first. */
export async function nnDescent(
  data: Float32Array,
  dim: number,
  k: number,
  random: () => number,
  slicer: TimeSlicer,
  onProgress: ProgressFn = () => undefined,
): Promise<Neighbours> {
  const count = data.length / dim;
  const heaps = new Heaps(count, k);
  const iterations = Math.min(MAX_ITERATIONS, Math.max(5, Math.round(Math.log2(count))));
  // progress: the trees count as one step, each iteration as one
  const steps = iterations + 1;

  const leafSize = Math.max(k + 1, 30);
  for (let tree = 0; tree < TREES; tree++) {
    for (const leaf of randomProjectionLeaves(data, dim, count, leafSize, random)) {
      for (let a = 0; a < leaf.length; a++) {
        for (let b = a + 1; b < leaf.length; b++) {
          const d = squaredDistance(data, dim, leaf[a]!, leaf[b]!);
          heaps.push(leaf[a]!, leaf[b]!, d, 1);
          heaps.push(leaf[b]!, leaf[a]!, d, 1);
        }
      }
      await slicer.maybeYield();
    }
  }
  // a point in a tiny leaf may still lack neighbours: random ones fill its list
  for (let i = 0; i < count; i++) {
    for (let tries = 0; heaps.indices[i * k] === -1 && tries < 4 * k; tries++) {
      const j = Math.floor(random() * count);
      if (j !== i) heaps.push(i, j, squaredDistance(data, dim, i, j), 1);
    }
  }
  onProgress(1, steps);

  const maxCandidates = Math.min(60, Math.max(k, 8));
  for (let iteration = 0; iteration < iterations; iteration++) {
    const fresh = new Heaps(count, maxCandidates);
    const old = new Heaps(count, maxCandidates);
    // sample candidates with random priorities, in both directions (reverse neighbours too)
    for (let i = 0; i < count; i++) {
      for (let t = 0; t < k; t++) {
        const j = heaps.indices[i * k + t]!;
        if (j < 0) continue;
        const priority = random();
        const target = heaps.fresh[i * k + t] ? fresh : old;
        target.push(i, j, priority, 0);
        target.push(j, i, priority, 0);
      }
    }
    // neighbours sampled as fresh candidates have now been used
    for (let i = 0; i < count; i++) {
      for (let t = 0; t < k; t++) {
        if (!heaps.fresh[i * k + t]) continue;
        const j = heaps.indices[i * k + t]!;
        for (let c = 0; c < maxCandidates; c++) {
          if (fresh.indices[i * maxCandidates + c] === j) {
            heaps.fresh[i * k + t] = 0;
            break;
          }
        }
      }
    }

    let updates = 0;
    for (let i = 0; i < count; i++) {
      const base = i * maxCandidates;
      for (let c = 0; c < maxCandidates; c++) {
        const p = fresh.indices[base + c]!;
        if (p < 0) continue;
        for (let e = c + 1; e < maxCandidates; e++) {
          const q = fresh.indices[base + e]!;
          if (q < 0) continue;
          const d = squaredDistance(data, dim, p, q);
          if (heaps.push(p, q, d, 1)) updates++;
          if (heaps.push(q, p, d, 1)) updates++;
        }
        for (let e = 0; e < maxCandidates; e++) {
          const q = old.indices[base + e]!;
          if (q < 0 || q === p) continue;
          const d = squaredDistance(data, dim, p, q);
          if (heaps.push(p, q, d, 1)) updates++;
          if (heaps.push(q, p, d, 1)) updates++;
        }
      }
      if ((i & 255) === 255) await slicer.maybeYield();
    }
    onProgress(iteration + 2, steps);
    if (updates <= DELTA * k * count) break;
  }
  onProgress(steps, steps);
  return sortedRows(heaps, count, k);
}

/** The heaps' rows as lists sorted nearest first. */
function sortedRows(heaps: Heaps, count: number, k: number): Neighbours {
  const indices = new Int32Array(count * k);
  const squared = new Float32Array(count * k);
  const order = Array.from({ length: k }, (_, t) => t);
  for (let i = 0; i < count; i++) {
    const base = i * k;
    order.sort((s, t) => heaps.keys[base + s]! - heaps.keys[base + t]!);
    for (let t = 0; t < k; t++) {
      indices[base + t] = heaps.indices[base + order[t]!]!;
      squared[base + t] = heaps.keys[base + order[t]!]!;
    }
    for (let t = 0; t < k; t++) order[t] = t;
  }
  return { indices, squared };
}

/**
 * The leaves of one random-projection tree: each node splits its points by the hyperplane
 * halfway between two of them, chosen at random, until a node holds at most `leafSize`.
 */
export function randomProjectionLeaves(data: Float32Array, dim: number, count: number, leafSize: number, random: () => number): Int32Array[] {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const leaves: Int32Array[] = [];
  const stack: Array<[number, number]> = [[0, count]];
  const normal = new Float64Array(dim);
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    if (to - from <= leafSize) {
      leaves.push(order.slice(from, to));
      continue;
    }
    const a = order[from + Math.floor(random() * (to - from))]!;
    let b = order[from + Math.floor(random() * (to - from))]!;
    if (b === a) b = order[a === order[from] ? to - 1 : from]!;
    let offset = 0;
    for (let j = 0; j < dim; j++) {
      normal[j] = data[a * dim + j]! - data[b * dim + j]!;
      offset += (normal[j]! * (data[a * dim + j]! + data[b * dim + j]!)) / 2;
    }
    // partition in place: left of the hyperplane first; ties go to a random side
    let left = from;
    let right = to - 1;
    while (left <= right) {
      const i = order[left]!;
      let side = -offset;
      for (let j = 0; j < dim; j++) side += normal[j]! * data[i * dim + j]!;
      if (side > 0 || (side === 0 && random() < 0.5)) {
        left++;
      } else {
        order[left] = order[right]!;
        order[right] = i;
        right--;
      }
    }
    // duplicates (or a degenerate plane) put everything on one side: halve instead
    const split = left === from || left === to ? (from + to) >> 1 : left;
    stack.push([from, split], [split, to]);
  }
  return leaves;
}
