/** The images a run trains and validates on: the dataset's split, optionally restricted
 * to some classes (one-class training for anomaly detection). */
import type { TrainingConfig } from '../../protocol';
import type { ImageSet } from '../data/image-set';

export interface RunSplit {
  /** a copy: the loop shuffles it in place */
  train: Int32Array;
  val: Int32Array;
  /** why `train` is empty, when it is */
  emptyReason: string | null;
}

export function selectSplit(dataset: ImageSet, config: Pick<TrainingConfig, 'classes' | 'maxTrainSamples'>): RunSplit {
  let train = dataset.trainIndices;
  let val = dataset.valIndices;
  let emptyReason: string | null = null;
  if (config.classes) {
    const { labels } = dataset;
    if (!labels) {
      return { train: new Int32Array(0), val: new Int32Array(0), emptyReason: `The dataset ${dataset.summary.id} has no labels, so it cannot be restricted to classes.` };
    }
    const wanted = new Set(config.classes);
    const keep = (indices: Int32Array): Int32Array => indices.filter((i) => wanted.has(labels[i]!));
    train = keep(train);
    val = keep(val);
    if (train.length === 0) emptyReason = `No training image has a label in [${config.classes.join(', ')}].`;
  }
  return { train: train.slice(0, config.maxTrainSamples ?? train.length), val, emptyReason };
}
