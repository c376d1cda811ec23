import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import { gaussianKlToStandardNormal, meanBinaryCrossEntropyWithLogits, summedBinaryCrossEntropyWithLogits } from './losses';

beforeAll(async () => {
  await selectBackend({ preferred: 'wasm' });
});

describe('losses', () => {
  it('BCE from logits equals BCE computed on sigmoid probabilities', () => {
    const target = tf.tensor2d([[0, 0.5, 1], [1, 0.2, 0]]);
    const logits = tf.tensor2d([[-2, 0.3, 4], [1, -1, 0.5]]);
    const p = tf.sigmoid(logits).arraySync() as number[][];
    const t = target.arraySync() as number[][];
    let sum = 0;
    t.forEach((row, i) => row.forEach((y, j) => (sum -= y * Math.log(p[i]![j]!) + (1 - y) * Math.log(1 - p[i]![j]!))));
    expect(meanBinaryCrossEntropyWithLogits(target, logits).dataSync()[0]).toBeCloseTo(sum / 6, 5);
    expect(summedBinaryCrossEntropyWithLogits(target, logits).dataSync()[0]).toBeCloseTo(sum / 2, 4);
  });

  it("has the gradient of tfjs's own sigmoidCrossEntropy", () => {
    const target = tf.randomUniform([16, 50], 0, 1, 'float32', 1);
    const logits = tf.randomNormal([16, 50], 0, 3, 'float32', 2);
    const ours = tf.grad((l: tf.Tensor) => meanBinaryCrossEntropyWithLogits(target, l))(logits);
    const stock = tf.grad((l: tf.Tensor) => tf.losses.sigmoidCrossEntropy(target, l))(logits);
    expect(tf.max(tf.abs(tf.sub(ours, stock))).dataSync()[0]).toBeLessThan(1e-7);
    expect(meanBinaryCrossEntropyWithLogits(target, logits).dataSync()[0]).toBeCloseTo(tf.losses.sigmoidCrossEntropy(target, logits).dataSync()[0]!, 5);
  });

  it('KL to N(0, I) is zero at the prior and 0.5 * (mu² + σ² - 1 - log σ²) per dim elsewhere', () => {
    expect(gaussianKlToStandardNormal(tf.zeros([3, 4]), tf.zeros([3, 4])).dataSync()[0]).toBeCloseTo(0, 6);
    const mu = tf.tensor2d([[1, 0]]);
    const logVar = tf.tensor2d([[0, Math.log(2)]]);
    const expected = 0.5 * (1 + 1 - 1 - 0) + 0.5 * (0 + 2 - 1 - Math.log(2));
    expect(gaussianKlToStandardNormal(mu, logVar).dataSync()[0]).toBeCloseTo(expected, 5);
  });
});
