/** Test data for model tests: smooth blobs, learnable images of any shape, no dataset needed. */
import * as tf from '@tensorflow/tfjs';

export function blobs(count: number, width: number, height: number, channels: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const centres = tf.randomUniform([count, 1, 1, 2], 0.2, 0.8, 'float32', seed);
    const ys = tf.linspace(0, 1, height).reshape([1, height, 1, 1]);
    const xs = tf.linspace(0, 1, width).reshape([1, 1, width, 1]);
    const [cy, cx] = tf.split(centres, 2, 3);
    const d2 = tf.add(tf.square(tf.sub(ys, cy!)), tf.square(tf.sub(xs, cx!)));
    const image = tf.exp(tf.mul(d2, -30));
    return tf.tile(image, [1, 1, 1, channels]).reshape([count, width * height * channels]) as tf.Tensor2D;
  });
}
