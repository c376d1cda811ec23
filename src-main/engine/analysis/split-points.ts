/** Which dataset images a projection shows: a split, capped by a seeded random subset. */
import type { ProjectionSplit } from '../../protocol';
import type { ImageSet } from '../data/image-set';
import { seededRandom } from '../training/random';

/** The split's dataset indices in ascending order, all of them or `max` chosen at random. */
export function splitPoints(dataset: Pick<ImageSet, 'trainIndices' | 'valIndices'>, split: ProjectionSplit, max: number, seed: number): { indices: Int32Array; total: number } {
  const all =
    split === 'train'
      ? dataset.trainIndices.slice()
      : split === 'validation'
        ? dataset.valIndices.slice()
        : Int32Array.from([...dataset.trainIndices, ...dataset.valIndices]);
  const total = all.length;
  if (total > max) {
    // partial Fisher-Yates: the first `max` entries become a uniform random subset
    const random = seededRandom(seed);
    for (let i = 0; i < max; i++) {
      const j = i + Math.floor(random() * (total - i));
      const tmp = all[i]!;
      all[i] = all[j]!;
      all[j] = tmp;
    }
  }
  return { indices: all.subarray(0, Math.min(total, max)).sort(), total };
}
