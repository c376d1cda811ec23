/**
 * Which labelled training samples a probe trains on: class-balanced and seeded, and nested,
 * so the 100-sample set holds the 10-sample set and a larger budget only adds samples.
 */
import { seededRandom, shuffleInPlace } from '../training/random';

/**
 * Positions into `labels` of `size` samples: each class's positions are shuffled with `seed`,
 * then classes (in a seeded order) take turns giving their next sample. Classes differ by at
 * most one sample until a class runs out; then the others fill in.
 */
export function balancedSample(labels: Uint8Array, size: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]!);
    if (list) list.push(i);
    else byClass.set(labels[i]!, [i]);
  }
  const classes = shuffleInPlace(Int32Array.from([...byClass.keys()].sort((a, b) => a - b)), random);
  const pools = Array.from(classes, (c) => shuffleInPlace(Int32Array.from(byClass.get(c)!), random));
  const wanted = Math.min(size, labels.length);
  const chosen = new Int32Array(wanted);
  let taken = 0;
  for (let round = 0; taken < wanted; round++) {
    for (const pool of pools) {
      if (round < pool.length && taken < wanted) chosen[taken++] = pool[round]!;
    }
  }
  return chosen;
}

/** Budgets a probe runs: the asked sizes capped at `available`, plus "all", ascending, unique. */
export function probeSizes(sizes: readonly number[], includeAll: boolean, available: number): number[] {
  const set = new Set(sizes.map((s) => Math.min(s, available)));
  if (includeAll) set.add(available);
  return [...set].filter((s) => s > 0).sort((a, b) => a - b);
}
