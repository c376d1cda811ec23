/**
 * Kernel patch for the wasm backend of tfjs 4.22: `Conv2DBackpropFilter` (the gradient of
 * conv2d w.r.t. its filter, and of conv2dTranspose w.r.t. its filter) is not registered,
 * so no conv model can train on wasm. It is registered here as one XNNPACK `Conv2D` of
 * transposed tensors: the batch becomes the channel being summed over, the forward stride
 * becomes a dilation, and the result is the filter gradient up to a transpose.
 */
import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs';

/** The kernels this module registers on the wasm backend (when missing there). */
export const PATCHED_CONV_KERNELS: readonly string[] = [tf.Conv2DBackpropFilter];

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
  const info = tf.backend_util.computeConv2DInfo(
    [n, h, w, ci],
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
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

/** Registers the missing wasm conv kernels; idempotent. Returns the kernels registered by this call (none if wasm is not registered or already has them). */
export function patchWasmConvKernels(): string[] {
  // Built from wasm's Conv2D: nothing to do where that is missing (wasm not loaded).
  if (tf.getKernel(tf.Conv2D, 'wasm') === undefined) return [];
  const patched: string[] = [];
  const configs: Record<string, tf.KernelFunc> = { [tf.Conv2DBackpropFilter]: conv2DBackpropFilter };
  for (const name of PATCHED_CONV_KERNELS) {
    if (registered.has(name)) continue;
    const kernelFunc = configs[name];
    // Only fill gaps: a later tfjs that ships its own kernel keeps it.
    if (kernelFunc === undefined || tf.getKernel(name, 'wasm') !== undefined) continue;
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc });
    registered.add(name);
    patched.push(name);
  }
  return patched;
}

/** Unregisters what {@link patchWasmConvKernels} registered (tests compare against stock). */
export function unpatchWasmConvKernels(): void {
  for (const name of registered) tf.unregisterKernel(name, 'wasm');
  registered.clear();
}

/** Whether this module's kernels are currently registered on wasm. */
export function isWasmConvPatched(): boolean {
  return registered.size > 0;
}

const registered = new Set<string>();

/** What the wasm backend offers a kernel; only disposal is needed here. */
interface KernelBackendLike {
  disposeData(dataId: tf.DataId): boolean;
}

const conv2DBackpropFilter: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs;
  if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs inputs x and dy.');
  const plan = planFilterGradient(x.shape, dy.shape, attrs as unknown as Conv2DBackpropFilterAttrs);
  const [fh, fw, ci, co] = plan.filterShape;
  const temporaries: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo): tf.TensorInfo => {
    temporaries.push(t);
    return t;
  };
  try {
    const input = keep(wasmKernel(tf.Transpose, { x }, backend, { perm: plan.xPerm }));
    const filter = keep(wasmKernel(tf.Transpose, { x: dy }, backend, { perm: plan.dyPerm }));
    let grad = keep(
      wasmKernel(tf.Conv2D, { x: input, filter }, backend, {
        strides: [1, 1],
        pad: plan.pad,
        dataFormat: 'NHWC',
        dilations: plan.dilations,
        dimRoundingMode: undefined,
      }),
    );
    if (plan.convShape[1] !== fh || plan.convShape[2] !== fw) {
      grad = keep(wasmKernel(tf.Slice, { x: grad }, backend, { begin: [0, 0, 0, 0], size: [ci, fh, fw, co] }));
    }
    const out = wasmKernel(tf.Transpose, { x: grad }, backend, { perm: [1, 2, 0, 3] });
    out.shape = [...plan.filterShape];
    return out;
  } finally {
    for (const t of temporaries) (backend as KernelBackendLike).disposeData(t.dataId);
  }
};

/** Runs another wasm kernel directly (no tape, no engine bookkeeping): its output is ours to dispose. */
function wasmKernel(name: string, inputs: tf.NamedTensorInfoMap, backend: {}, attrs: tf.NamedAttrMap): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;
  if (kernel === undefined) throw new Error(`the wasm ${name} kernel is not registered`);
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  const info = Array.isArray(out) ? out[0] : out;
  if (info === undefined) throw new Error(`the wasm ${name} kernel returned no output`);
  return info;
}

function fourDims(shape: readonly number[], what: string): [number, number, number, number] {
  const [a, b, c, d] = shape;
  if (shape.length !== 4 || a === undefined || b === undefined || c === undefined || d === undefined) {
    throw new Error(`Conv2DBackpropFilter: ${what} must be 4-D, got [${shape.join(',')}].`);
  }
  return [a, b, c, d];
}
