/**
 * k-nearest-neighbour classification in code space: each validation code takes the majority
 * label of its k nearest labelled codes (Euclidean), a tie going to the class of the nearer
 * neighbour. Distances come from one matrix product per batch of queries.
 */
import * as tf from '@tensorflow/tfjs';
import type { TimeSlicer } from '../analysis/time-slicer';
import type { Features } from './classifiers';

/** Queries per distance matrix: 200 x 60,000 floats is ~48 MB at most. */
const QUERY_BATCH = 200;

/** Accuracy and confusion counts (row-major [true, predicted]) of a k-NN vote. */
export async function knnClassify(
  features: { train: Features; val: Features },
  train: { positions: Int32Array; labels: Uint8Array },
  val: { positions: Int32Array; labels: Uint8Array },
  classes: number,
  k: number,
  slicer: TimeSlicer,
): Promise<{ accuracy: number; confusion: Int32Array }> {
  const neighbours = Math.min(k, train.positions.length);
  const reference = tf.tensor2d(features.train.rows(train.positions), [train.positions.length, features.train.dim]);
  const referenceNorms = tf.tidy(() => tf.sum(tf.square(reference), 1).expandDims(0));
  const confusion = new Int32Array(classes * classes);
  const votes = new Float64Array(classes);
  let correct = 0;
  try {
    for (let from = 0; from < val.positions.length; from += QUERY_BATCH) {
      const chosen = val.positions.subarray(from, Math.min(val.positions.length, from + QUERY_BATCH));
      const nearest = tf.tidy(() => {
        const query = tf.tensor2d(features.val.rows(chosen), [chosen.length, features.val.dim]);
        // |q - r|^2 = |q|^2 - 2 q.r + |r|^2; |q|^2 is the same along a row, so it is left out
        const distance = tf.sub(referenceNorms, tf.mul(2, tf.matMul(query, reference, false, true)));
        return tf.topk(tf.neg(distance), neighbours).indices;
      });
      const indices = await nearest.data();
      nearest.dispose();
      for (let q = 0; q < chosen.length; q++) {
        votes.fill(0);
        // the nearer neighbour's vote weighs a hair more, which breaks ties in its favour
        for (let n = 0; n < neighbours; n++) {
          const label = train.labels[indices[q * neighbours + n]!]!;
          votes[label] = votes[label]! + 1 + (neighbours - n) * 1e-6;
        }
        let guess = 0;
        for (let c = 1; c < classes; c++) if (votes[c]! > votes[guess]!) guess = c;
        const truth = val.labels[from + q]!;
        if (guess === truth) correct++;
        confusion[truth * classes + guess] = confusion[truth * classes + guess]! + 1;
      }
      await slicer.maybeYield();
    }
  } finally {
    tf.dispose([reference, referenceNorms]);
  }
  return { accuracy: val.positions.length ? correct / val.positions.length : 0, confusion };
}
