import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './index';
import {
  isWasmConvPatched,
  patchWasmConvKernels,
  planFilterGradient,
  planInputGradient,
  unpatchWasmConvKernels,
} from './wasm-conv-kernels';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

/** A host copy of a tensor, so the same values can be fed to another backend. */
interface HostTensor {
  values: Float32Array;
  shape: number[];
}

const host = (t: tf.Tensor): HostTensor => ({ values: t.dataSync() as Float32Array, shape: t.shape });

/** tf.tidy for results that are host copies rather than tensors. */
function scoped<T>(fn: () => T): T {
  let out: T | undefined;
  tf.tidy(() => {
    out = fn();
  });
  return out as T;
}

/** Runs `fn` with the cpu backend active (tensors made from host copies), then returns to wasm. */
async function onCpu<T>(fn: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return fn();
  } finally {
    await tf.setBackend('wasm');
  }
}

/** Runs one kernel on the active backend and returns its values. */
function runKernel(name: string, inputs: Record<string, HostTensor>, attrs: object): HostTensor {
  return scoped(() => {
    const tensors: Record<string, tf.Tensor> = {};
    for (const [key, t] of Object.entries(inputs)) tensors[key] = tf.tensor(t.values, t.shape);
    return host(tf.engine().runKernel(name, tensors, attrs as tf.NamedAttrMap) as tf.Tensor);
  });
}

/** max |x - y| / max |y| */
function relativeError(x: HostTensor, y: HostTensor): number {
  expect(x.shape).toEqual(y.shape);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < y.values.length; i++) {
    diff = Math.max(diff, Math.abs(x.values[i]! - y.values[i]!));
    scale = Math.max(scale, Math.abs(y.values[i]!));
  }
  return diff / Math.max(scale, 1e-30);
}

/** A forward convolution's geometry: x [n,h,w,ci], filter [fh,fw,ci,co], strides, pad. */
interface ConvCase {
  label: string;
  x: Shape4;
  filter: Shape4;
  strides: number | [number, number];
  pad: Pad;
}

const cases: ConvCase[] = [
  { label: 'conv-ae conv1 [128,28,28,1] -> 16, 3x3/2 same', x: [128, 28, 28, 1], filter: [3, 3, 1, 16], strides: 2, pad: 'same' },
  { label: 'conv-ae conv2 [128,14,14,16] -> 32, 3x3/2 same', x: [128, 14, 14, 16], filter: [3, 3, 16, 32], strides: 2, pad: 'same' },
  { label: '3x3/1 same', x: [4, 10, 9, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { label: '3x3/1 valid', x: [4, 10, 9, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'valid' },
  { label: '3x3/2 valid, odd sides (unread last row)', x: [4, 9, 11, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'valid' },
  { label: '5x5/2 same, odd sides', x: [4, 9, 11, 3], filter: [5, 5, 3, 5], strides: 2, pad: 'same' },
  { label: '5x5/1 same', x: [3, 10, 10, 4], filter: [5, 5, 4, 6], strides: 1, pad: 'same' },
  { label: '5x5/1 valid', x: [3, 10, 10, 4], filter: [5, 5, 4, 6], strides: 1, pad: 'valid' },
  { label: '3x3/1 pad 1 (number)', x: [4, 10, 9, 3], filter: [3, 3, 3, 5], strides: 1, pad: 1 },
  { label: '5x5/2 pad 2 (number)', x: [2, 11, 9, 3], filter: [5, 5, 3, 4], strides: 2, pad: 2 },
  { label: '3x3/2 explicit [[2,1],[0,1]]', x: [2, 10, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: [[0, 0], [2, 1], [0, 1], [0, 0]] },
  { label: '3x3/2 explicit pad wider than the filter', x: [2, 10, 9, 3], filter: [3, 3, 3, 4], strides: 2, pad: [[0, 0], [5, 4], [3, 0], [0, 0]] },
  { label: '5x5 strides [2,3] same', x: [2, 11, 9, 3], filter: [5, 5, 3, 4], strides: [2, 3], pad: 'same' },
  { label: '2x2/2 valid (filter = stride)', x: [2, 12, 12, 3], filter: [2, 2, 3, 4], strides: 2, pad: 'valid' },
  { label: '5x5/2 same, 1 -> 32 channels', x: [4, 13, 12, 1], filter: [5, 5, 1, 32], strides: 2, pad: 'same' },
  { label: '3x3/1 valid, 2 -> 24 channels', x: [4, 10, 9, 2], filter: [3, 3, 2, 24], strides: 1, pad: 'valid' },
  { label: '3x3/2 valid, odd sides, 1 -> 16 channels', x: [3, 9, 11, 1], filter: [3, 3, 1, 16], strides: 2, pad: 'valid' },
  { label: '3x3/2 explicit wide pad, 1 -> 8 channels', x: [2, 10, 9, 1], filter: [3, 3, 1, 8], strides: 2, pad: [[0, 0], [5, 4], [3, 0], [0, 0]] },
];

/** dy's shape for a forward convolution (what the cpu backend's conv2d gives). */
function outShape(c: ConvCase): Shape4 {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  return [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
}

const filterAttrs = (c: ConvCase) => ({ strides: c.strides, pad: c.pad, dataFormat: 'NHWC' as const, filterShape: c.filter });

const random = (shape: number[], seed: number): HostTensor => scoped(() => host(tf.randomNormal(shape, 0, 1, 'float32', seed)));

describe('wasm conv kernel patch', () => {
  beforeAll(async () => {
    const choice = await selectBackend({ preferred: 'wasm' });
    expect(choice.backend).toBe('wasm');
    expect(choice.versions['wasm-kernel-patches']).toContain(tf.Conv2DBackpropFilter);
  });
  afterEach(() => {
    expect(tf.getBackend()).toBe('wasm');
    expect(isWasmConvPatched()).toBe(true);
  });

  describe('Conv2DBackpropFilter equals the stock cpu kernel', () => {
    for (const c of cases) {
      it(c.label, async () => {
        const x = random(c.x, 1);
        const dy = random(outShape(c), 2);
        const attrs = filterAttrs(c);
        const wasm = runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs);
        const cpu = await onCpu(() => runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs));
        expect(wasm.shape).toEqual(c.filter);
        expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
      });
    }
  });

  describe('Conv2DBackpropInput equals the stock cpu and stock wasm kernels', () => {
    for (const c of cases) {
      it(c.label, async () => {
        const filter = random(c.filter, 3);
        const dy = random(outShape(c), 4);
        const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x };
        const wasm = runKernel(tf.Conv2DBackpropInput, { dy, filter }, attrs);
        const cpu = await onCpu(() => runKernel(tf.Conv2DBackpropInput, { dy, filter }, attrs));
        const stock = withStockKernels(() => runKernel(tf.Conv2DBackpropInput, { dy, filter }, attrs));
        expect(wasm.shape).toEqual(c.x);
        expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
        expect(relativeError(wasm, stock)).toBeLessThan(1e-5);
      });
    }
  });

  it('rejects NCHW with a clear error', () => {
    const x = tf.zeros([1, 3, 8, 8]);
    const dy = tf.zeros([1, 4, 8, 8]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] };
    expect(() => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs)).toThrow(/NHWC/);
    tf.dispose([x, dy]);
  });

  describe('gradients of conv2d and conv2dTranspose match the cpu backend', () => {
    // the reference shapes at batch 16: the cpu backend's filter gradient takes seconds at 128
    const gradCases = cases
      .filter((c) => typeof c.strides === 'number')
      .slice(0, 8)
      .map((c): ConvCase => (c.x[0] === 128 ? { ...c, label: `${c.label} (batch 16)`, x: [16, c.x[1], c.x[2], c.x[3]] } : c));
    for (const c of gradCases) {
      it(c.label, async () => {
        const strides = c.strides as number;
        const y = outShape(c);
        const x = random(c.x, 5);
        const w = random(c.filter, 6);
        const r = random(y, 7);
        const rT = random(c.x, 8);
        // loss = Σ r ⊙ conv2d(x, w) and Σ rT ⊙ conv2dTranspose(dyLike, w): gradients w.r.t. both inputs
        const gradients = (): HostTensor[] =>
          scoped(() => {
            const t = (h: HostTensor): tf.Tensor4D => tf.tensor4d(h.values, h.shape as Shape4);
            const conv = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
              tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, c.pad), t(r))),
            );
            const convT = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
              tf.sum(tf.mul(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, c.x, strides, c.pad), t(rT))),
            );
            return [...conv([t(x), t(w)]), ...convT([t(r), t(w)])].map(host);
          });
        const wasm = gradients();
        const cpu = await onCpu(gradients);
        const names = ['conv2d dx', 'conv2d dW', 'conv2dTranspose d(input)', 'conv2dTranspose dW'];
        wasm.forEach((g, i) => expect(relativeError(g, cpu[i]!), names[i]).toBeLessThan(1e-4));
      });
    }
  });

  it('leaks neither tensors nor wasm buffers across calls', () => {
    const x = tf.randomNormal([8, 12, 12, 3]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 5]) as tf.Tensor4D;
    const run = (): void => {
      const loss = (): tf.Scalar => tf.sum(tf.square(tf.conv2d(x, wVar, 2, 'same')));
      const { value, grads } = tf.variableGrads(loss, [wVar]);
      const transposed = tf.conv2dTranspose(tf.conv2d(x, w, 2, 'valid'), w, [8, 12, 12, 3], 2, 'valid');
      const padded = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: tf.ones([8, 4, 4, 5]) }, {
        strides: 3,
        pad: [[0, 0], [1, 1], [1, 1], [0, 0]],
        dataFormat: 'NHWC',
        filterShape: [3, 3, 3, 5],
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
      tf.dispose([value, ...Object.values(grads), transposed, padded]);
    };
    const wVar = tf.variable(w);
    tf.tidy(run);
    const before = tf.memory().numTensors;
    const buffersBefore = tf.backend().numDataIds();
    for (let i = 0; i < 5; i++) tf.tidy(run);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.backend().numDataIds()).toBe(buffersBefore);
    tf.dispose([x, w, wVar]);
  });

  it('trains the reference conv AE: finite loss, falling over 20 steps', async () => {
    const model = referenceConvAe();
    const optimizer = tf.train.adam(1e-2);
    // fixed, learnable data: each image is one of four bars (random pixels would leave
    // nothing to learn below their entropy, so the loss could not fall reliably)
    const pixels = new Float32Array(32 * 28 * 28);
    for (let n = 0; n < 32; n++) {
      const k = n % 4;
      for (let a = 0; a < 28; a++) {
        for (let b = 6 + 5 * k; b < 9 + 5 * k; b++) pixels[n * 784 + (k % 2 ? a * 28 + b : b * 28 + a)] = 1;
      }
    }
    const x = tf.tensor4d(pixels, [32, 28, 28, 1]);
    const step = (): number => {
      const loss = optimizer.minimize(() => bce(x, model.apply(x, { training: true }) as tf.Tensor), true);
      const value = loss!.dataSync()[0]!;
      loss!.dispose();
      return value;
    };
    const losses = Array.from({ length: 20 }, step);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[19]!).toBeLessThan(losses[0]! * 0.5);
    tf.dispose(x);
    model.dispose();
    optimizer.dispose();
  });

  it('a batchNormalization + leakyReLU conv model gets the same gradients as on cpu', async () => {
    const x = random([8, 16, 16, 2], 21);
    const target = scoped(() => host(tf.randomUniform([8, 16, 16, 1], 0, 1, 'float32', 22)));
    const seeded = (seed: number) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }) });
    const build = (): tf.Sequential =>
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [16, 16, 2], filters: 8, kernelSize: 5, strides: 2, padding: 'same', useBias: false, ...seeded(1) }),
          tf.layers.batchNormalization(),
          tf.layers.leakyReLU({ alpha: 0.2 }),
          tf.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: 'same', activation: 'sigmoid', ...seeded(2) }),
        ],
      });
    const gradients = (): HostTensor[] =>
      scoped(() => {
        const model = build();
        const input = tf.tensor(x.values, x.shape);
        const t = tf.tensor(target.values, target.shape);
        const { grads } = tf.variableGrads(() => bce(t, model.apply(input, { training: true }) as tf.Tensor));
        const out = model.trainableWeights.map((v) => host(grads[v.name]!));
        model.dispose();
        return out;
      });
    const wasm = gradients();
    const cpu = await onCpu(gradients);
    expect(wasm.length).toBe(5);
    wasm.forEach((g, i) => expect(relativeError(g, cpu[i]!)).toBeLessThan(1e-4));
  });

  it('patching is idempotent and unpatching restores the stock kernels', () => {
    const patchedInput = tf.getKernel(tf.Conv2DBackpropInput, 'wasm').kernelFunc;
    expect(patchWasmConvKernels()).toEqual([]);
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm').kernelFunc).toBe(patchedInput);
    unpatchWasmConvKernels();
    expect(isWasmConvPatched()).toBe(false);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm').kernelFunc).not.toBe(patchedInput);
    expect(patchWasmConvKernels()).toEqual([tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput]);
  });

  it('timings (printed, not asserted)', async () => {
    // Best of a few rounds: other processes share the two cores of the dev machines.
    /** ms per call of one kernel on the active backend (inputs uploaded once). */
    const timeKernel = (name: string, inputs: Record<string, HostTensor>, attrs: object, calls: number): number => {
      const tensors: Record<string, tf.Tensor> = {};
      for (const [key, t] of Object.entries(inputs)) tensors[key] = tf.tensor(t.values, t.shape);
      const run = (): void => {
        const y = tf.engine().runKernel(name, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
        y.dataSync();
        y.dispose();
      };
      if (calls > 1) run();
      let best = Infinity;
      for (let round = 0; round < (calls > 1 ? 3 : 1); round++) {
        const start = performance.now();
        for (let i = 0; i < calls; i++) run();
        best = Math.min(best, (performance.now() - start) / calls);
      }
      tf.dispose(Object.values(tensors));
      return best;
    };
    const rows: string[] = [];
    for (const c of cases.slice(0, 2)) {
      const dyShape = outShape(c);
      const x = random(c.x, 31);
      const dy = random(dyShape, 32);
      const filter = random(c.filter, 33);
      const inputAttrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x };
      const filterGrad = (calls: number): number => timeKernel(tf.Conv2DBackpropFilter, { x, dy }, filterAttrs(c), calls);
      const inputGrad = (calls: number): number => timeKernel(tf.Conv2DBackpropInput, { dy, filter }, inputAttrs, calls);
      const wasmFilter = filterGrad(10);
      const wasmInput = inputGrad(10);
      const stockInput = withStockKernels(() => inputGrad(10));
      const wasmForward = timeKernel(tf.Conv2D, { x, filter }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: 1 }, 10);
      const cpuFilter = await onCpu(() => filterGrad(1));
      rows.push(
        `x [${c.x}] dy [${dyShape}]: Conv2DBackpropFilter wasm ${wasmFilter.toFixed(2)} ms, cpu ${cpuFilter.toFixed(1)} ms ` +
          `(${(cpuFilter / wasmFilter).toFixed(0)}x); Conv2DBackpropInput wasm ${wasmInput.toFixed(2)} ms, ` +
          `stock wasm ${stockInput.toFixed(2)} ms (${(stockInput / wasmInput).toFixed(1)}x); Conv2D forward ${wasmForward.toFixed(2)} ms`,
      );
    }

    const trainRate = (steps: number): number => {
      const model = referenceConvAe();
      const optimizer = tf.train.adam(1e-3);
      const x = tf.randomUniform([128, 28, 28, 1]);
      const step = (): void => {
        const loss = optimizer.minimize(() => bce(x, model.apply(x, { training: true }) as tf.Tensor), true);
        loss!.dataSync();
        loss!.dispose();
      };
      step();
      let rate = 0;
      for (let round = 0; round < 3; round++) {
        const start = performance.now();
        for (let i = 0; i < steps; i++) step();
        rate = Math.max(rate, (steps * 128) / ((performance.now() - start) / 1000));
      }
      tf.dispose(x);
      model.dispose();
      optimizer.dispose();
      return rate;
    };
    const patched = trainRate(5);
    // stock Conv2DBackpropInput, this module's Conv2DBackpropFilter (stock wasm has none)
    const stockInput = withStockKernels(() => {
      patchFilterOnly();
      return trainRate(3);
    });
    rows.push(
      `conv-ae train step (batch 128, Adam, BCE) on wasm: ${patched.toFixed(0)} samples/s; with stock Conv2DBackpropInput ` +
        `${stockInput.toFixed(0)} samples/s (DESIGN.md: cpu backend ~17, PyTorch ~12k)`,
    );
    console.log(`wasm conv kernel timings:\n  ${rows.join('\n  ')}`);
  });
});

describe('plans', () => {
  const fAttrs = (strides: number, pad: Pad, filterShape: Shape4, dataFormat: 'NHWC' | 'NCHW' = 'NHWC') =>
    ({ strides, pad, dataFormat, filterShape });
  const iAttrs = (strides: number, pad: Pad, inputShape: Shape4) => ({ strides, pad, dataFormat: 'NHWC' as const, inputShape });
  it('filter gradient of conv-ae conv1: dy dilated by the stride over x, one extra bottom/right pad', () => {
    const plan = planFilterGradient([128, 28, 28, 1], [128, 14, 14, 16], fAttrs(2, 'same', [3, 3, 1, 16]));
    expect(plan.dilations).toEqual([2, 2]);
    expect(plan.pad).toEqual([[0, 0], [0, 1], [0, 1], [0, 0]]);
    expect(plan.convShape).toEqual([1, 3, 3, 16]);
  });
  it('filter gradient where the forward never read the last row: no negative pad, crop instead', () => {
    const plan = planFilterGradient([4, 9, 11, 3], [4, 4, 5, 5], fAttrs(2, 'valid', [3, 3, 3, 5]));
    expect(plan.pad).toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
    expect(plan.convShape).toEqual([3, 3, 3, 5]);
    const cropped = planFilterGradient([1, 10, 10, 1], [1, 4, 4, 1], fAttrs(2, 'valid', [3, 3, 1, 1]));
    expect(cropped.convShape).toEqual([1, 4, 4, 1]);
  });
  it('input gradient of conv-ae conv2: four phases of 2x2 taps, no crop', () => {
    const plan = planInputGradient([128, 7, 7, 32], [3, 3, 16, 32], iAttrs(2, 'same', [128, 14, 14, 16]));
    expect(plan.taps).toEqual([2, 2]);
    expect(plan.filterPad).toEqual([1, 1]);
    expect(plan.pad).toEqual([[0, 0], [1, 0], [1, 0], [0, 0]]);
    expect(plan.convShape).toEqual([128, 7, 7, 64]);
    expect(plan.cropBegin).toBeNull();
  });
  it('rejects mismatched shapes and NCHW', () => {
    expect(() => planFilterGradient([1, 8, 8, 3], [1, 8, 8, 4], fAttrs(2, 'same', [3, 3, 3, 4]))).toThrow(/dy/);
    expect(() => planFilterGradient([1, 8, 8, 3], [1, 8, 8, 4], fAttrs(1, 'same', [3, 3, 3, 4], 'NCHW'))).toThrow(/NHWC/);
    expect(() => planInputGradient([1, 4, 4, 4], [3, 3, 3, 4], iAttrs(1, 'same', [1, 8, 8, 3]))).toThrow(/dy/);
  });
});

/** Binary cross-entropy on probabilities, averaged (what the reference models minimise). */
const bce = (target: tf.Tensor, probabilities: tf.Tensor): tf.Scalar => tf.losses.logLoss(target, probabilities) as tf.Scalar;

/** DESIGN.md's conv-ae as the brief spells it: sigmoid output, for BCE on probabilities. */
function referenceConvAe(): tf.Sequential {
  const conv = { kernelSize: 3, strides: 2, padding: 'same' as const };
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ ...conv, inputShape: [28, 28, 1], filters: 16, activation: 'relu' }),
      tf.layers.conv2d({ ...conv, filters: 32, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 16 }),
      tf.layers.dense({ units: 7 * 7 * 32, activation: 'relu' }),
      tf.layers.reshape({ targetShape: [7, 7, 32] }),
      tf.layers.conv2dTranspose({ ...conv, filters: 16, activation: 'relu' }),
      tf.layers.conv2dTranspose({ ...conv, filters: 1, activation: 'sigmoid' }),
    ],
  });
}

/** Runs `fn` on the stock wasm kernels (no Conv2DBackpropFilter), then restores the patch. */
function withStockKernels<T>(fn: () => T): T {
  unpatchWasmConvKernels();
  try {
    return fn();
  } finally {
    unpatchWasmConvKernels();
    patchWasmConvKernels();
  }
}

/** Inside {@link withStockKernels}: adds only the filter gradient, which stock wasm lacks. */
function patchFilterOnly(): void {
  const stockInput = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
  patchWasmConvKernels();
  tf.unregisterKernel(tf.Conv2DBackpropInput, 'wasm');
  tf.registerKernel(stockInput);
}
