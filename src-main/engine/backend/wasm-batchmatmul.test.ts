import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './index';
import {
  isWasmMatMulPatched,
  patchWasmMatMul,
  planFastMatMul,
  unpatchWasmMatMul,
} from './wasm-batchmatmul';

/** Runs `fn` on the stock kernels, then restores the patch. */
function stock<T>(fn: () => T): T {
  unpatchWasmMatMul();
  try {
    return fn();
  } finally {
    patchWasmMatMul();
  }
}

/** float64 reference for a·b with numpy-style broadcasting of the batch dims. */
function referenceMatMul(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): Float64Array {
  const ad = a.dataSync();
  const bd = b.dataSync();
  const [ar, br] = [a.rank, b.rank];
  const rows = transposeA ? a.shape[ar - 1]! : a.shape[ar - 2]!;
  const inner = transposeA ? a.shape[ar - 2]! : a.shape[ar - 1]!;
  const cols = transposeB ? b.shape[br - 2]! : b.shape[br - 1]!;
  const aOuter = a.shape.slice(0, -2);
  const bOuter = b.shape.slice(0, -2);
  const outOuter = tf.backend_util.assertAndGetBroadcastShape(aOuter, bOuter);
  const batch = outOuter.reduce((p, d) => p * d, 1);
  const out = new Float64Array(batch * rows * cols);
  const flatIndex = (outer: number[], dims: number[]): number => {
    // align right, broadcast size-1 dims
    let index = 0;
    const offset = outer.length - dims.length;
    for (let i = 0; i < dims.length; i++) index = index * dims[i]! + (dims[i] === 1 ? 0 : outer[i + offset]!);
    return index;
  };
  for (let n = 0; n < batch; n++) {
    const outer: number[] = [];
    let rest = n;
    for (let i = outOuter.length - 1; i >= 0; i--) {
      outer[i] = rest % outOuter[i]!;
      rest = Math.floor(rest / outOuter[i]!);
    }
    const aBase = flatIndex(outer, aOuter) * rows * inner;
    const bBase = flatIndex(outer, bOuter) * inner * cols;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        let sum = 0;
        for (let k = 0; k < inner; k++) {
          const av = ad[aBase + (transposeA ? k * rows + i : i * inner + k)]!;
          const bv = bd[bBase + (transposeB ? j * inner + k : k * cols + j)]!;
          sum += av * bv;
        }
        out[(n * rows + i) * cols + j] = sum;
      }
    }
  }
  return out;
}

/** max |x - y| / max |y| */
function relativeError(x: ArrayLike<number>, y: ArrayLike<number>): number {
  expect(x.length).toBe(y.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    diff = Math.max(diff, Math.abs(x[i]! - y[i]!));
    scale = Math.max(scale, Math.abs(y[i]!));
  }
  return diff / Math.max(scale, 1e-30);
}

const shapeFor = (outer: number[], r: number, c: number, transposed: boolean): number[] =>
  transposed ? [...outer, c, r] : [...outer, r, c];

const cases: Array<{ label: string; aOuter: number[]; bOuter: number[] }> = [
  { label: '2-D', aOuter: [], bOuter: [] },
  { label: '3-D batched (batch 3 both)', aOuter: [3], bOuter: [3] },
  { label: '3-D batch against 2-D weights', aOuter: [4], bOuter: [] },
  { label: '4-D batch against 3-D batch-1 weights', aOuter: [2, 3], bOuter: [1] },
  { label: '3-D batch 1 both', aOuter: [1], bOuter: [1] },
  { label: '2-D against 3-D batched', aOuter: [], bOuter: [3] },
];

describe('patched wasm BatchMatMul', () => {
  beforeAll(async () => {
    const choice = await selectBackend({ preferred: 'wasm' });
    expect(choice.backend).toBe('wasm');
    console.log(`wasm backend: ${JSON.stringify(choice.versions)}`);
  });
  afterEach(() => expect(isWasmMatMulPatched()).toBe(true));

  for (const { label, aOuter, bOuter } of cases) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`${label}, transposeA=${transposeA}, transposeB=${transposeB}: equals stock and float64`, () => {
          const [rows, inner, cols] = [37, 53, 29];
          const a = tf.randomNormal(shapeFor(aOuter, rows, inner, transposeA));
          const b = tf.randomNormal(shapeFor(bOuter, inner, cols, transposeB));
          const patched = tf.matMul(a, b, transposeA, transposeB);
          const original = stock(() => tf.matMul(a, b, transposeA, transposeB));
          expect(patched.shape).toEqual(original.shape);
          expect(relativeError(patched.dataSync(), original.dataSync())).toBeLessThan(1e-5);
          const exact = referenceMatMul(a, b, transposeA, transposeB);
          expect(relativeError(patched.dataSync(), exact)).toBeLessThan(1e-5);
          tf.dispose([a, b, patched, original]);
        });
      }
    }
  }

  it('fused matmul with bias and relu matches float64 for every transpose combination', () => {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        for (const aOuter of [[], [3]]) {
          const a = tf.randomNormal(shapeFor(aOuter, 31, 17, transposeA));
          const b = tf.randomNormal(shapeFor([], 17, 23, transposeB));
          const bias = tf.randomNormal([23]);
          const y = tf.fused.matMul({ a, b, bias, transposeA, transposeB, activation: 'relu' });
          const exact = referenceMatMul(a, b, transposeA, transposeB);
          const biasData = bias.dataSync();
          const expected = exact.map((v, i) => Math.max(0, v + biasData[i % 23]!));
          expect(y.shape).toEqual([...aOuter, 31, 23]);
          expect(relativeError(y.dataSync(), expected)).toBeLessThan(1e-5);
          tf.dispose([a, b, bias, y]);
        }
      }
    }
  });

  it('fused matmul without bias matches float64 for every activation', () => {
    const a = tf.randomNormal([2, 64, 40]);
    const b = tf.randomNormal([50, 64]);
    const alpha = tf.randomUniform([50]);
    const alphaData = alpha.dataSync();
    const exact = referenceMatMul(a, b, true, true);
    const activations: Record<string, (v: number, col: number) => number> = {
      linear: (v) => v,
      relu: (v) => Math.max(0, v),
      relu6: (v) => Math.min(6, Math.max(0, v)),
      elu: (v) => (v < 0 ? Math.expm1(v) : v),
      sigmoid: (v) => 1 / (1 + Math.exp(-v)),
      leakyrelu: (v) => (v < 0 ? 0.3 * v : v),
      prelu: (v, col) => (v < 0 ? alphaData[col]! * v : v),
    };
    for (const [activation, f] of Object.entries(activations)) {
      const y = tf.fused.matMul({
        a,
        b,
        transposeA: true,
        transposeB: true,
        activation: activation as tf.fused.Activation,
        leakyreluAlpha: 0.3,
        preluActivationWeights: activation === 'prelu' ? alpha : undefined,
      });
      expect(y.shape).toEqual([2, 40, 50]);
      const expected = exact.map((v, i) => f(v, i % 50));
      expect(relativeError(y.dataSync(), expected), activation).toBeLessThan(1e-5);
      y.dispose();
    }
    tf.dispose([a, b, alpha]);
  });

  it('stock fused matmul is wrong off the fast path; the patch is right (hence float64 comparisons)', () => {
    // Upstream's slow loop indexes the bias by row*cols+col clamped to cols-1, so rows >= 1
    // all get the last bias value, and it clamps relu per 48-wide block of the inner
    // dimension, i.e. on partial sums. If these start failing, upstream fixed them.
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.tensor2d([[1, 0], [0, 1]]);
    const bias = tf.tensor1d([10, 20]);
    const biasArgs = { a, b, bias, transposeB: true };
    expect(Array.from(stock(() => tf.fused.matMul(biasArgs)).dataSync())).toEqual([11, 22, 23, 24]);
    expect(Array.from(tf.fused.matMul(biasArgs).dataSync())).toEqual([11, 22, 13, 24]);

    const row = tf.tensor2d([[...new Array<number>(48).fill(-1), ...new Array<number>(48).fill(2)]]);
    const ones = tf.ones([1, 96]);
    const reluArgs = { a: row, b: ones, transposeB: true, activation: 'relu' as const };
    expect(Array.from(stock(() => tf.fused.matMul(reluArgs)).dataSync())).toEqual([96]);
    expect(Array.from(tf.fused.matMul(reluArgs).dataSync())).toEqual([48]);
    tf.dispose([a, b, bias, row, ones]);
  });

  it('gradients of a small dense layer match between patched and stock', () => {
    const x = tf.randomNormal([16, 20]);
    const target = tf.randomUniform([16, 12]);
    const layer = tf.layers.dense({ units: 12, activation: 'relu', inputShape: [20] });
    const hidden = tf.layers.dense({ units: 12, activation: 'sigmoid' });
    const loss = (input: tf.Tensor): tf.Scalar =>
      tf.losses.meanSquaredError(target, hidden.apply(layer.apply(input)) as tf.Tensor) as tf.Scalar;
    tf.dispose(loss(x)); // builds the layers' variables
    const gradients = (): tf.Tensor[] => {
      const { grads } = tf.variableGrads(() => loss(x));
      const inputGrad = tf.grad((input: tf.Tensor) => loss(input))(x);
      return [...Object.keys(grads).sort().map((k) => grads[k]!), inputGrad];
    };
    const patched = gradients();
    const original = stock(gradients);
    expect(patched.length).toBe(5);
    patched.forEach((g, i) => {
      expect(relativeError(g.dataSync(), original[i]!.dataSync())).toBeLessThan(1e-5);
    });
    tf.dispose([x, target, ...patched, ...original]);
    layer.dispose();
    hidden.dispose();
  });

  it('leaks neither tensors nor wasm buffers across calls', () => {
    const a = tf.randomNormal([4, 20, 30]);
    const w = tf.randomNormal([40, 30]);
    const run = (): void => {
      const y = tf.tidy(() => tf.matMul(a, w, false, true).add(tf.matMul(a, w, false, true)));
      y.dataSync();
      y.dispose();
      tf.tidy(() => tf.matMul(tf.randomNormal([20, 7]), tf.randomNormal([20, 9]), true, false).dataSync());
    };
    run();
    const before = tf.memory().numTensors;
    const buffersBefore = tf.backend().numDataIds();
    for (let i = 0; i < 10; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.backend().numDataIds()).toBe(buffersBefore);
    tf.dispose([a, w]);
  });

  it('patching is idempotent and unpatching restores the stock kernels', () => {
    const patchedFunc = tf.getKernel(tf.BatchMatMul, 'wasm').kernelFunc;
    expect(patchWasmMatMul()).toEqual([]);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm').kernelFunc).toBe(patchedFunc);
    unpatchWasmMatMul();
    expect(isWasmMatMulPatched()).toBe(false);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm').kernelFunc).not.toBe(patchedFunc);
    expect(patchWasmMatMul()).toEqual([tf.BatchMatMul, tf._FusedMatMul]);
  });

  it('speed-up on a dense layer backward pass (printed, not asserted)', async () => {
    const x = tf.randomNormal([128, 784]);
    const dy = tf.randomNormal([128, 256]);
    const w = tf.randomNormal([784, 256]);
    const time = (fn: () => tf.Tensor, steps = 20): number => {
      for (let i = 0; i < 3; i++) fn().dispose();
      const start = performance.now();
      for (let i = 0; i < steps; i++) {
        const y = fn();
        y.dataSync();
        y.dispose();
      }
      return (performance.now() - start) / steps;
    };
    const rows: string[] = [];
    const report = (label: string, fn: () => tf.Tensor): void => {
      const fast = time(fn);
      const slow = stock(() => time(fn));
      rows.push(`${label}: stock ${slow.toFixed(2)} ms, patched ${fast.toFixed(2)} ms, ${(slow / fast).toFixed(1)}x`);
    };
    report('x[128,784]^T · dy[128,256] (dW)', () => tf.matMul(x, dy, true, false));
    report('dy[128,256] · W[784,256]^T (dx)', () => tf.matMul(dy, w, false, true));
    report('x[128,784] · W[784,256] (forward, untouched)', () => tf.matMul(x, w));

    // dense-ae from DESIGN.md: 784-256-32-256-784, BCE, Adam 1e-3, batch 128
    const trainRate = async (): Promise<number> => {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ units: 256, activation: 'relu', inputShape: [784] }),
          tf.layers.dense({ units: 32, activation: 'relu' }),
          tf.layers.dense({ units: 256, activation: 'relu' }),
          tf.layers.dense({ units: 784, activation: 'sigmoid' }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
      const batch = tf.randomUniform([128, 784]);
      await model.trainOnBatch(batch, batch);
      const steps = 20;
      const start = performance.now();
      for (let i = 0; i < steps; i++) await model.trainOnBatch(batch, batch);
      const rate = (steps * 128) / ((performance.now() - start) / 1000);
      batch.dispose();
      model.dispose();
      return rate;
    };
    const fastRate = await trainRate();
    unpatchWasmMatMul();
    const slowRate = await trainRate().finally(() => patchWasmMatMul());
    rows.push(
      `dense-ae train step (batch 128): stock ${slowRate.toFixed(0)} samples/s, patched ${fastRate.toFixed(0)} samples/s, ${(fastRate / slowRate).toFixed(1)}x`,
    );
    console.log(`wasm matmul patch timings (20 calls each):\n  ${rows.join('\n  ')}`);
    tf.dispose([x, dy, w]);
  });
});

describe('planFastMatMul', () => {
  it('leaves untransposed, unbatched products to the stock kernel', () => {
    expect(planFastMatMul([5, 6], [6, 7], false, false)).toBeNull();
    expect(planFastMatMul([1, 5, 6], [1, 6, 7], false, false)).toBeNull();
  });
  it('leaves batched right operands and mismatched or empty shapes alone', () => {
    expect(planFastMatMul([2, 5, 6], [2, 6, 7], true, false)).toBeNull();
    expect(planFastMatMul([5, 6], [5, 7], false, false)).toBeNull();
    expect(planFastMatMul([0, 6], [6, 7], true, false)).toBeNull();
    expect(planFastMatMul([6], [6, 7], false, false)).toBeNull();
  });
  it('transposes explicitly and folds a batch into rows', () => {
    expect(planFastMatMul([6, 5], [7, 6], true, true)).toEqual({
      transposeA: true,
      transposeB: true,
      aShape: [1, 5, 6],
      bShape: [1, 6, 7],
      outShape: [5, 7],
    });
    expect(planFastMatMul([2, 3, 5, 6], [6, 7], false, false)).toEqual({
      transposeA: false,
      transposeB: false,
      aShape: [1, 30, 6],
      bShape: [1, 6, 7],
      outShape: [2, 3, 5, 7],
    });
    expect(planFastMatMul([5, 6], [1, 1, 7, 6], false, true)?.outShape).toEqual([1, 1, 5, 7]);
  });
});
