/**
 * Kernel patch for the wasm backend of tfjs 4.22: `BatchMatMul` and `_FusedMatMul` only
 * reach XNNPACK when neither operand is transposed and both have batch size 1; everything
 * else runs a naive blocked loop (~13x slower for a dense layer's gradients, >90% of a
 * training step). The patched kernels transpose operands explicitly with the wasm
 * `Transpose` kernel and fold a batch of rows against shared weights into one 2-D product,
 * so those calls take the fast path. Products with a batched right operand have no fast
 * path either way and are left to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';

/** The kernels this module re-registers on the wasm backend. */
export const PATCHED_MATMUL_KERNELS: readonly string[] = [tf.BatchMatMul, tf._FusedMatMul];

/** How to run one product on the fast path (from {@link planFastMatMul}). */
export interface FastMatMulPlan {
  /** transpose `a`'s last two axes explicitly first */
  transposeA: boolean;
  /** transpose `b`'s last two axes explicitly first */
  transposeB: boolean;
  /** the shape `a` is presented to the stock kernel with: [1, batch * rows, inner] */
  aShape: [number, number, number];
  /** the shape `b` is presented to the stock kernel with: [1, inner, cols] */
  bShape: [number, number, number];
  /** the shape the stock kernel would have given the result */
  outShape: number[];
}

/**
 * Pure: a fast-path plan for `a · b` with the given transposes, or null when the stock
 * kernel is already fast (no transposes, no batch) or cannot be helped (batched `b`,
 * empty or mismatched shapes: the stock kernel then reports its own error).
 */
export function planFastMatMul(
  aShape: readonly number[],
  bShape: readonly number[],
  transposeA: boolean,
  transposeB: boolean,
): FastMatMulPlan | null {
  const aRank = aShape.length;
  const bRank = bShape.length;
  if (aRank < 2 || bRank < 2) return null;
  const aOuter = aShape.slice(0, -2);
  const bOuter = bShape.slice(0, -2);
  const batchA = product(aOuter);
  if (product(bOuter) !== 1) return null;
  if (batchA === 1 && !transposeA && !transposeB) return null;

  const a0 = aShape[aRank - 2] ?? 0;
  const a1 = aShape[aRank - 1] ?? 0;
  const b0 = bShape[bRank - 2] ?? 0;
  const b1 = bShape[bRank - 1] ?? 0;
  const [rows, inner] = transposeA ? [a1, a0] : [a0, a1];
  const [innerB, cols] = transposeB ? [b1, b0] : [b0, b1];
  if (inner !== innerB || batchA * rows * inner * cols === 0) return null;

  // b's outer dims are all 1, so broadcasting only pads a's outer dims to the longer rank.
  const outerRank = Math.max(aOuter.length, bOuter.length);
  const outOuter = [...new Array<number>(outerRank - aOuter.length).fill(1), ...aOuter];
  return {
    transposeA,
    transposeB,
    aShape: [1, batchA * rows, inner],
    bShape: [1, inner, cols],
    outShape: [...outOuter, rows, cols],
  };
}

/** Re-registers the wasm matmul kernels with the fast-path wrappers; idempotent. Returns the kernels patched by this call (none if wasm is not registered). */
export function patchWasmMatMul(): string[] {
  const patched: string[] = [];
  for (const name of PATCHED_MATMUL_KERNELS) {
    if (stockKernels.has(name)) continue;
    const stock = tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;
    if (stock === undefined) continue;
    tf.unregisterKernel(name, 'wasm');
    // Keeping the stock setupFunc: it binds the wasm export the stock kernelFunc calls,
    // and runs again if the wasm backend is ever re-initialised.
    tf.registerKernel({ ...stock, kernelFunc: fastMatMulKernel(name, stock.kernelFunc) });
    stockKernels.set(name, stock);
    patched.push(name);
  }
  return patched;
}

/** Puts the stock kernels back (tests and benchmarks compare against them). */
export function unpatchWasmMatMul(): void {
  for (const [name, stock] of stockKernels) {
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(stock);
  }
  stockKernels.clear();
}

/** Whether the wasm matmul kernels are currently patched. */
export function isWasmMatMulPatched(): boolean {
  return stockKernels.size > 0;
}

const stockKernels = new Map<string, tf.KernelConfig>();

/** What the wasm backend offers a kernel; only disposal is needed here. */
interface KernelBackendLike {
  disposeData(dataId: tf.DataId): boolean;
}

interface MatMulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
}

function fastMatMulKernel(name: string, stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b, bias } = args.inputs;
    const attrs = (args.attrs ?? {}) as MatMulAttrs;
    if (a === undefined || b === undefined || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return stock(args);
    }
    const plan = planFastMatMul(a.shape, b.shape, !!attrs.transposeA, !!attrs.transposeB);
    if (plan === null) return stock(args);
    // XNNPACK reads a bias of exactly `cols` values; let the stock kernel handle others.
    if (name === tf._FusedMatMul && bias != null && product(bias.shape) !== plan.bShape[2]) {
      return stock(args);
    }

    const backend = args.backend as KernelBackendLike;
    const temporaries: tf.TensorInfo[] = [];
    try {
      const aReady = plan.transposeA ? keep(temporaries, swapLastAxes(a, args.backend)) : a;
      const bReady = plan.transposeB ? keep(temporaries, swapLastAxes(b, args.backend)) : b;
      // Same buffers under a 3-D shape: the stock kernel reads only dataId, shape and dtype.
      const result = stock({
        ...args,
        inputs: {
          ...args.inputs,
          a: { dataId: aReady.dataId, shape: plan.aShape, dtype: a.dtype },
          b: { dataId: bReady.dataId, shape: plan.bShape, dtype: b.dtype },
        },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
      const out = Array.isArray(result) ? result[0] : result;
      if (out === undefined) throw new Error(`${name}: the stock wasm kernel returned no output`);
      // Row-major [1, batch*rows, cols] is the same buffer as [...batch, rows, cols].
      out.shape = plan.outShape;
      return out;
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  };
}

function swapLastAxes(x: tf.TensorInfo, backend: {}): tf.TensorInfo {
  const transpose = tf.getKernel(tf.Transpose, 'wasm') as tf.KernelConfig | undefined;
  if (transpose === undefined) throw new Error('the wasm Transpose kernel is not registered');
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  const out = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } });
  const info = Array.isArray(out) ? out[0] : out;
  if (info === undefined) throw new Error('the wasm Transpose kernel returned no output');
  return info;
}

function keep(list: tf.TensorInfo[], t: tf.TensorInfo): tf.TensorInfo {
  list.push(t);
  return t;
}

function product(dims: readonly number[]): number {
  let p = 1;
  for (const d of dims) p *= d;
  return p;
}
