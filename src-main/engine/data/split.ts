/** The seeded random train/validation split of imported datasets. */
import { seededRandom, shuffleInPlace } from '../training/random';

/** `valFraction` of the images (at least one when there are two or more) validate, chosen by a
 * seeded shuffle, so the same seed and fraction always give the same split; indices ascending. */
export function randomSplit(count: number, valFraction: number, seed: number): { trainIndices: Int32Array; valIndices: Int32Array } {
  const order = shuffleInPlace(Int32Array.from({ length: count }, (_, i) => i), seededRandom(seed));
  const valCount = count < 2 ? 0 : Math.min(count - 1, Math.max(1, Math.round(count * valFraction)));
  return { trainIndices: order.slice(valCount).sort(), valIndices: order.slice(0, valCount).sort() };
}
