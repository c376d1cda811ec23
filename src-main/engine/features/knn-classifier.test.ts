import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import { TimeSlicer } from '../analysis/time-slicer';
import type { Features } from './classifiers';
import { knnClassify } from './knn-classifier';

beforeAll(async () => {
  await selectBackend({ preferred: 'wasm' });
});

/** 1-D points by position. */
const line = (values: number[]): Features => ({ dim: 1, rows: (positions) => Float32Array.from(positions as ArrayLike<number>, (p) => values[p]!) });

describe('knnClassify', () => {
  it('takes the majority of the k nearest labelled codes, a tie going to the nearer neighbour', async () => {
    // labelled: class 0 at 0, 1, 2 and class 1 at 10, 11
    const train = line([0, 1, 2, 10, 11]);
    // queries: 0.5 (three 0s near), 10.4 (two 1s and a 0 among 3), 5.9 with k=2: 2 (class 0, 3.9 away) vs 10 (class 1, 4.1 away)
    const val = line([0.5, 10.4, 5.9]);
    const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
    const before = tf.memory().numTensors;
    const three = await knnClassify({ train, val }, { positions: all(5), labels: Uint8Array.from([0, 0, 0, 1, 1]) }, { positions: all(2), labels: Uint8Array.from([0, 1]) }, 2, 3, new TimeSlicer());
    expect(three.accuracy).toBe(1);
    expect(Array.from(three.confusion)).toEqual([1, 0, 0, 1]);
    const two = await knnClassify({ train, val }, { positions: all(5), labels: Uint8Array.from([0, 0, 0, 1, 1]) }, { positions: Int32Array.from([2]), labels: Uint8Array.from([1]) }, 2, 2, new TimeSlicer());
    // the truth is 1, the vote ties 1:1 and the nearer neighbour (2, class 0) wins
    expect(Array.from(two.confusion)).toEqual([0, 0, 1, 0]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
