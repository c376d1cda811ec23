/**
 * Kernel patch for the wasm backend of tfjs 4.22, so conv models train there and fast:
 * - `Conv2DBackpropFilter` (the filter gradient of conv2d and of conv2dTranspose) is not
 *   registered at all. It is added as one XNNPACK `Conv2D` of transposed tensors: the batch
 *   becomes the channel summed over, the forward stride becomes a dilation. (im2col, i.e.
 *   patches times dy as one matmul, measured within 10% for one input channel and 2-4x
 *   slower for more: wasm's StridedSlice is slow, and patches made by a Conv2D with a
 *   one-hot filter cost ci·fh·fw floats per output pixel.)
 * - `Conv2DBackpropInput` (conv2dTranspose itself, and conv2d's input gradient) is a scalar
 *   loop, ~10x slower than `Conv2D` on the same product and most of a conv AE's step. It
 *   is replaced by one `Conv2D` of dy with the filter split into stride x stride phases
 *   (sub-pixel convolution), the phases then interleaved back into rows and columns.
 * Both call other wasm kernels directly, so every product runs in XNNPACK.
 */
import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, Conv2DBackpropInputAttrs } from '@tensorflow/tfjs';

/** The kernels this module registers on the wasm backend. */
export const PATCHED_CONV_KERNELS: readonly string[] = [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput];

type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

/** How to compute a filter gradient as a convolution (from {@link planFilterGradient}). */
export interface FilterGradientPlan {
  /** the permutation taking x [n, h, w, ci] to the convolution's input [ci, h, w, n] */
  xPerm: [number, number, number, number];
  /** the permutation taking dy [n, oh, ow, co] to the convolution's filter [oh, ow, n, co] */
  dyPerm: [number, number, number, number];
  /** explicit padding of the convolution: the forward's top/left, enough bottom/right */
  pad: ExplicitPad;
  /** the forward's strides, used as the convolution's dilations */
  dilations: [number, number];
  /** the convolution's output [ci, fh', fw', co], with fh' >= fh and fw' >= fw */
  convShape: [number, number, number, number];
  /** the filter gradient's shape [fh, fw, ci, co] */
  filterShape: [number, number, number, number];
}

/**
 * Pure: the convolution that computes Conv2DBackpropFilter for these shapes and attrs.
 * dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·s + kh − top, ow·s + kw − left, ci] · dy[n,oh,ow,co]
 * is, with X = x as [ci, h, w, n] and F = dy as [oh, ow, n, co], a stride-1 convolution of
 * X by F dilated by s, read at output row kh (X padded by the forward's top/left).
 */
export function planFilterGradient(
  xShape: readonly number[],
  dyShape: readonly number[],
  attrs: Conv2DBackpropFilterAttrs,
): FilterGradientPlan {
  if (attrs.dataFormat === 'NCHW') {
    throw new Error("Conv2DBackpropFilter on wasm supports dataFormat 'NHWC' only (got 'NCHW').");
  }
  const [n, h, w, ci] = fourDims(xShape, 'x');
  const filterShape = fourDims(attrs.filterShape, 'filterShape');
  const [fh, fw, fci, co] = filterShape;
  const { strides, pad, dimRoundingMode } = attrs;
  const info = tf.backend_util.computeConv2DInfo([n, h, w, ci], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const expectedDy = [n, info.outHeight, info.outWidth, co];
  if (fci !== ci || dyShape.length !== 4 || dyShape.some((d, i) => d !== expectedDy[i])) {
    throw new Error(
      `Conv2DBackpropFilter: x [${xShape.join(',')}] and filter [${filterShape.join(',')}] ` +
        `give dy [${expectedDy.join(',')}], got [${dyShape.join(',')}].`,
    );
  }
  const { top, left } = info.padInfo;
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  // Pad bottom/right just enough to reach the last tap; where the forward never read the
  // last rows, pad 0 and crop the extra output rows instead (padding cannot be negative).
  const bottom = Math.max(0, (info.outHeight - 1) * sh + fh - h - top);
  const right = Math.max(0, (info.outWidth - 1) * sw + fw - w - left);
  const convHeight = h + top + bottom - (info.outHeight - 1) * sh;
  const convWidth = w + left + right - (info.outWidth - 1) * sw;
  return {
    xPerm: [3, 1, 2, 0],
    dyPerm: [1, 2, 0, 3],
    pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
    dilations: [sh, sw],
    convShape: [ci, convHeight, convWidth, co],
    filterShape,
  };
}

/** How to compute an input gradient as one sub-pixel convolution (from {@link planInputGradient}). */
export interface InputGradientPlan {
  /** zero taps appended to the filter's rows and columns, making them multiples of the strides */
  filterPad: [number, number];
  /** taps per phase [th, tw]: the padded filter is viewed as [th, sh, tw, sw, ci, co] */
  taps: [number, number];
  /** the forward's strides [sh, sw]: phases per row and per column */
  strides: [number, number];
  /** explicit padding of the stride-1 convolution of dy by the phase filter [th, tw, co, sh·sw·ci] */
  pad: ExplicitPad;
  /** the convolution's output [n, qh, qw, sh·sw·ci], interleaved into [n, qh·sh, qw·sw, ci] */
  convShape: [number, number, number, number];
  /** where dx [n, h, w, ci] starts in the interleaved output, or null if they coincide */
  cropBegin: [number, number, number, number] | null;
  /** dx's shape, the forward's input shape */
  inputShape: [number, number, number, number];
}

/**
 * Pure: the sub-pixel convolution that computes Conv2DBackpropInput for these shapes.
 * Per axis, dx[i] = Σ_{o·s + k = i + top} dy[o] · w[k]. With j = i + top = q·s + r and
 * k = r + t·s: dx at phase r of block q is Σ_t dy[q − t] · w[r + t·s], a stride-1
 * convolution of dy by the phase's taps reversed, one output channel group per phase.
 */
export function planInputGradient(
  dyShape: readonly number[],
  filterShape: readonly number[],
  attrs: Conv2DBackpropInputAttrs,
): InputGradientPlan {
  const inputShape = fourDims(attrs.inputShape, 'inputShape');
  const filter = fourDims(filterShape, 'filter');
  const [n, h, w, ci] = inputShape;
  const [fh, fw, fci, co] = filter;
  const { strides, pad, dimRoundingMode } = attrs;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const expectedDy = [n, info.outHeight, info.outWidth, co];
  if (fci !== ci || dyShape.length !== 4 || dyShape.some((d, i) => d !== expectedDy[i])) {
    throw new Error(
      `Conv2DBackpropInput: input [${inputShape.join(',')}] and filter [${filter.join(',')}] ` +
        `give dy [${expectedDy.join(',')}], got [${dyShape.join(',')}].`,
    );
  }
  const rows = phaseAxis(h, info.outHeight, fh, info.strideHeight, info.padInfo.top);
  const cols = phaseAxis(w, info.outWidth, fw, info.strideWidth, info.padInfo.left);
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  const exact = rows.cropBegin === 0 && cols.cropBegin === 0 && rows.size * sh === h && cols.size * sw === w;
  return {
    filterPad: [rows.taps * sh - fh, cols.taps * sw - fw],
    taps: [rows.taps, cols.taps],
    strides: [sh, sw],
    pad: [[0, 0], rows.pad, cols.pad, [0, 0]],
    convShape: [n, rows.size, cols.size, sh * sw * ci],
    cropBegin: exact ? null : [0, rows.cropBegin, cols.cropBegin, 0],
    inputShape,
  };
}

/** One axis of {@link planInputGradient}: dx has `size` positions, dy `outSize`. */
function phaseAxis(size: number, outSize: number, filterSize: number, stride: number, padBefore: number) {
  const taps = Math.ceil(filterSize / stride);
  // Blocks q = first..last cover dx; padding before cannot be negative, so when the
  // forward padded by more than a filter's reach, start earlier and crop.
  const first = Math.min(Math.floor(padBefore / stride), taps - 1);
  const last = Math.floor((padBefore + size - 1) / stride);
  const after = Math.max(0, last + 1 - outSize);
  const blocks = outSize - first + after;
  return { taps, pad: [taps - 1 - first, after] as [number, number], size: blocks, cropBegin: padBefore - first * stride };
}

/**
 * Registers this module's conv kernels on wasm (replacing stock ones); idempotent. Returns
 * the kernels patched by this call (none if already patched or wasm is not loaded).
 */
export function patchWasmConvKernels(): string[] {
  // Built from wasm's Conv2D: nothing to do where that is missing (wasm not loaded).
  if (tf.getKernel(tf.Conv2D, 'wasm') === undefined) return [];
  const patched: string[] = [];
  for (const name of PATCHED_CONV_KERNELS) {
    if (replaced.has(name)) continue;
    const stock = tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;
    const kernelFunc = name === tf.Conv2DBackpropFilter ? conv2DBackpropFilter : conv2DBackpropInput(stock);
    if (stock !== undefined) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc });
    replaced.set(name, stock);
    patched.push(name);
  }
  return patched;
}

/** Puts back the stock kernels, or removes what had none (tests compare against stock). */
export function unpatchWasmConvKernels(): void {
  for (const [name, stock] of replaced) {
    tf.unregisterKernel(name, 'wasm');
    if (stock !== undefined) tf.registerKernel(stock);
  }
  replaced.clear();
}

/** Whether this module's kernels are currently registered on wasm. */
export function isWasmConvPatched(): boolean {
  return replaced.size > 0;
}

/** Patched kernel name -> the stock kernel it replaced (undefined: stock had none). */
const replaced = new Map<string, tf.KernelConfig | undefined>();

/** What the wasm backend offers a kernel; only disposal is needed here. */
interface KernelBackendLike {
  disposeData(dataId: tf.DataId): boolean;
}

/** Conv2DBackpropFilter as planned by {@link planFilterGradient}. */
const conv2DBackpropFilter: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs;
  if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs inputs x and dy.');
  const plan = planFilterGradient(x.shape, dy.shape, attrs as unknown as Conv2DBackpropFilterAttrs);
  const [fh, fw, ci, co] = plan.filterShape;
  return withTemporaries(backend, (keep) => {
    const input = keep(wasmKernel(tf.Transpose, { x }, backend, { perm: plan.xPerm }));
    const filter = keep(wasmKernel(tf.Transpose, { x: dy }, backend, { perm: plan.dyPerm }));
    const convAttrs = { ...stride1, pad: plan.pad, dilations: plan.dilations };
    let grad = keep(wasmKernel(tf.Conv2D, { x: input, filter }, backend, convAttrs));
    if (plan.convShape[1] !== fh || plan.convShape[2] !== fw) {
      grad = keep(wasmKernel(tf.Slice, { x: grad }, backend, { begin: [0, 0, 0, 0], size: [ci, fh, fw, co] }));
    }
    return wasmKernel(tf.Transpose, { x: grad }, backend, { perm: [1, 2, 0, 3] });
  });
};

/** Conv2DBackpropInput as planned by {@link planInputGradient}; `stock` handles NCHW. */
function conv2DBackpropInput(stock: tf.KernelConfig | undefined): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs;
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    if (dy === undefined || filter === undefined) throw new Error('Conv2DBackpropInput needs inputs dy and filter.');
    if (attrs.dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') {
      if (stock === undefined) throw new Error("Conv2DBackpropInput on wasm supports float32 'NHWC' only.");
      return stock.kernelFunc(args);
    }
    const plan = planInputGradient(dy.shape, filter.shape, attrs);
    const { backend } = args;
    const [th, tw] = plan.taps;
    const [sh, sw] = plan.strides;
    const [fh, fw, ci, co] = filter.shape as [number, number, number, number];
    const [n, qh, qw] = plan.convShape;
    return withTemporaries(backend, (keep) => {
      // The phase filter [th, tw, co, (sh, sw, ci)]: tap t of phase r is w[r + (th-1-t)·s].
      let taps = filter;
      if (plan.filterPad[0] > 0 || plan.filterPad[1] > 0) {
        const paddings = [[0, plan.filterPad[0]], [0, plan.filterPad[1]], [0, 0], [0, 0]];
        taps = keep(wasmKernel(tf.PadV2, { x: filter }, backend, { paddings, constantValue: 0 }));
      }
      if (th > 1 || tw > 1) {
        // reverse t within each phase: axes th and tw of [th, sh, tw, sw·ci·co]
        const byPhase = view(taps, [th, sh, tw, sw * ci * co]);
        taps = keep(wasmKernel(tf.Reverse, { x: byPhase }, backend, { dims: [0, 2] }));
      }
      const byTap = view(taps, [th, sh, tw, sw, ci, co]);
      const phased = keep(wasmKernel(tf.Transpose, { x: byTap }, backend, { perm: [0, 2, 5, 1, 3, 4] }));
      const phaseFilter = view(phased, [th, tw, co, sh * sw * ci]);
      const conv = keep(wasmKernel(tf.Conv2D, { x: dy, filter: phaseFilter }, backend, { ...stride1, pad: plan.pad }));
      let dx = conv;
      if (sh > 1 || sw > 1) {
        const blocks = view(conv, [n, qh, qw, sh, sw * ci]);
        dx = keep(wasmKernel(tf.Transpose, { x: blocks }, backend, { perm: [0, 1, 3, 2, 4] }));
      }
      dx = view(dx, [n, qh * sh, qw * sw, ci]);
      if (plan.cropBegin === null) return dx;
      return wasmKernel(tf.Slice, { x: dx }, backend, { begin: plan.cropBegin, size: plan.inputShape });
    });
  };
}

/** Attrs of a plain stride-1 NHWC Conv2D (pad and dilations vary). */
const stride1 = { strides: [1, 1], dilations: [1, 1], dataFormat: 'NHWC' };

/**
 * Runs `build`, which keeps its intermediate buffers with `keep`, and frees them after;
 * the result may be one of them (or a view of one), which is then handed out instead.
 */
function withTemporaries(
  backend: {},
  build: (keep: (t: tf.TensorInfo) => tf.TensorInfo) => tf.TensorInfo,
): tf.TensorInfo {
  const temporaries: tf.TensorInfo[] = [];
  let result: tf.TensorInfo | undefined;
  try {
    result = build((t) => {
      temporaries.push(t);
      return t;
    });
    return result;
  } finally {
    for (const t of temporaries) {
      if (t.dataId !== result?.dataId) (backend as KernelBackendLike).disposeData(t.dataId);
    }
  }
}

/** The same buffer under another shape of the same size (what Reshape does, minus the refcount). */
function view(t: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** Runs another wasm kernel directly (no tape, no engine bookkeeping): its output is ours to dispose. */
function wasmKernel(name: string, inputs: tf.NamedTensorInfoMap, backend: {}, attrs: object): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;
  if (kernel === undefined) throw new Error(`the wasm ${name} kernel is not registered`);
  // Explicit paddings (number[][]) are valid conv attrs that NamedAttrMap does not spell.
  const out = kernel.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap });
  const info = Array.isArray(out) ? out[0] : out;
  if (info === undefined) throw new Error(`the wasm ${name} kernel returned no output`);
  return info;
}

function fourDims(shape: readonly number[], what: string): [number, number, number, number] {
  const [a, b, c, d] = shape;
  if (shape.length !== 4 || a === undefined || b === undefined || c === undefined || d === undefined) {
    throw new Error(`conv kernel patch: ${what} must be 4-D, got [${shape.join(',')}].`);
  }
  return [a, b, c, d];
}
