/**
 * An export graph as an ONNX model (opset 13), for onnxruntime and PyTorch users. The
 * external inputs and outputs stay as in tfjs: flat rows of pixels (row-major height x width
 * x channels, i.e. NHWC flattened) or codes. Inside, ONNX convolutions want NCHW, so a
 * reshape to an image is followed by a transpose to NCHW and a flatten is preceded by one
 * back to NHWC; every pixel keeps its place and the numbers match tfjs.
 */
import * as onnxModule from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import type { Activation, ExportGraph, LayerSpec, Weight } from './export-graph';

// a CommonJS module: under Node's ESM loader its exports arrive as the default export
const { onnx } = (onnxModule as unknown as { default?: typeof onnxModule }).default ?? onnxModule;

export const ONNX_OPSET = 13;
const IR_VERSION = 7; // ONNX 1.8, the first IR version of opset 13

/** A tensor flowing through the graph: its name and per-sample shape (4-D ones are NCHW). */
interface Value {
  name: string;
  /** [features] for rows, [channels, height, width] for feature maps */
  shape: number[];
}

class GraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  private count = 0;

  fresh(hint: string): string {
    return `${hint}_${++this.count}`;
  }

  floats(hint: string, data: Float32Array, dims: number[]): string {
    const name = this.fresh(hint);
    this.initializers.push({ name, dataType: onnx.TensorProto.DataType.FLOAT, dims, rawData: new Uint8Array(data.slice().buffer) });
    return name;
  }

  ints(hint: string, values: number[]): string {
    const name = this.fresh(hint);
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    this.initializers.push({ name, dataType: onnx.TensorProto.DataType.INT64, dims: [values.length], rawData: new Uint8Array(data.buffer) });
    return name;
  }

  node(op: string, inputs: string[], attributes: OnnxTypes.IAttributeProto[] = [], output = this.fresh(op.toLowerCase())): string {
    this.nodes.push({ opType: op, name: output, input: inputs, output: [output], attribute: attributes });
    return output;
  }
}

const ints = (name: string, values: number[]): OnnxTypes.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
const float = (name: string, value: number): OnnxTypes.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value });
const int = (name: string, value: number): OnnxTypes.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: value });

/** tfjs [kh, kw, a, b] kernels -> ONNX [b, a, kh, kw] (Conv: [out, in, ...]; ConvTranspose:
 * [in, out, ...]; tfjs stores both with the forward convolution's in/out order). */
function kernelToOnnx({ data, shape }: Weight): { data: Float32Array; dims: number[] } {
  const [kh, kw, a, b] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < a; i++)
        for (let o = 0; o < b; o++) out[((o * a + i) * kh + y) * kw + x] = data[((y * kw + x) * a + i) * b + o]!;
  return { data: out, dims: [b, a, kh, kw] };
}

/** TF's 'same' padding of one spatial axis: [begin, end], the extra one at the end. */
function samePads(total: number): [number, number] {
  const t = Math.max(0, total);
  return [Math.floor(t / 2), t - Math.floor(t / 2)];
}

function activate(b: GraphBuilder, x: Value, activation: Activation): Value {
  const op = { linear: null, relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh' }[activation];
  return op ? { name: b.node(op, [x.name]), shape: x.shape } : x;
}

function toRows(b: GraphBuilder, x: Value): Value {
  if (x.shape.length === 1) return x;
  // back to NHWC before flattening, so features come out in tfjs's order
  const nhwc = b.node('Transpose', [x.name], [ints('perm', [0, 2, 3, 1])]);
  return { name: b.node('Flatten', [nhwc], [int('axis', 1)]), shape: [x.shape.reduce((a, c) => a * c, 1)] };
}

function emit(b: GraphBuilder, x: Value, spec: LayerSpec): Value {
  switch (spec.type) {
    case 'dense': {
      if (x.shape.length !== 1) throw new Error('A dense layer needs flat input.');
      const [inSize, units] = spec.kernel.shape as [number, number];
      const inputs = [x.name, b.floats('kernel', spec.kernel.data, [inSize, units])];
      if (spec.bias) inputs.push(b.floats('bias', spec.bias.data, [units]));
      return activate(b, { name: b.node('Gemm', inputs), shape: [units] }, spec.activation);
    }
    case 'reshape': {
      if (spec.target.length === 1) return { name: b.node('Reshape', [toRows(b, x).name, b.ints('shape', [-1, spec.target[0]!])]), shape: spec.target };
      if (spec.target.length !== 3) throw new Error(`Reshape to rank ${spec.target.length} is not exportable to ONNX.`);
      const [h, w, c] = spec.target as [number, number, number];
      const nhwc = b.node('Reshape', [toRows(b, x).name, b.ints('shape', [-1, h, w, c])]);
      return { name: b.node('Transpose', [nhwc], [ints('perm', [0, 3, 1, 2])]), shape: [c, h, w] };
    }
    case 'flatten':
      return toRows(b, x);
    case 'conv2d':
    case 'conv2dTranspose': {
      if (x.shape.length !== 3) throw new Error('A convolution needs a feature map.');
      const [, height, width] = x.shape as [number, number, number];
      const { data, dims } = kernelToOnnx(spec.kernel);
      const [kh, kw] = dims.slice(2) as [number, number];
      const s = spec.strides;
      const transposed = spec.type === 'conv2dTranspose';
      // outputs: ceil(in / s) for a conv, in * s for a transposed one (tfjs 'same')
      const [oh, ow] = transposed ? [height * s, width * s] : [Math.ceil(height / s), Math.ceil(width / s)];
      // the conv's own padding; a transposed conv crops what its forward conv padded
      const [top, bottom] = transposed ? samePads((height - 1) * s + kh - oh) : samePads((oh - 1) * s + kh - height);
      const [left, right] = transposed ? samePads((width - 1) * s + kw - ow) : samePads((ow - 1) * s + kw - width);
      if (transposed && (kh < s || kw < s)) throw new Error('A transposed convolution with a kernel smaller than its stride is not exportable to ONNX.');
      const inputs = [x.name, b.floats('kernel', data, dims)];
      if (spec.bias) inputs.push(b.floats('bias', spec.bias.data, [spec.bias.data.length]));
      const out = b.node(transposed ? 'ConvTranspose' : 'Conv', inputs, [ints('kernel_shape', [kh, kw]), ints('strides', [s, s]), ints('pads', [top, left, bottom, right])]);
      return activate(b, { name: out, shape: [dims[transposed ? 1 : 0]!, oh, ow] }, spec.activation);
    }
    case 'batchNorm': {
      const n = spec.gamma.data.length;
      const inputs = [spec.gamma, spec.beta, spec.mean, spec.variance].map((w, i) => b.floats(['scale', 'shift', 'mean', 'variance'][i]!, w.data, [n]));
      // inference mode: the moving averages, as tfjs's predict uses
      return { name: b.node('BatchNormalization', [x.name, ...inputs], [float('epsilon', spec.epsilon)]), shape: x.shape };
    }
    case 'activation':
      return activate(b, x, spec.activation);
    case 'leakyRelu':
      return { name: b.node('LeakyRelu', [x.name], [float('alpha', spec.alpha)]), shape: x.shape };
  }
}

function rowsInfo(name: string, size: number): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: size }] } } },
  };
}

/** The graph as a serialized ONNX ModelProto; `docString` goes into the model. */
export function onnxModelBytes(graph: ExportGraph, docString: string): Uint8Array {
  const b = new GraphBuilder();
  const features = graph.trunk.reduce((x, spec) => emit(b, x, spec), { name: graph.input.name, shape: [graph.input.size] } as Value);
  const outputs = graph.outputs.map(({ name, layers }) => {
    const last = toRows(b, layers.reduce((x, spec) => emit(b, x, spec), features));
    b.node('Identity', [last.name], [], name);
    return rowsInfo(name, last.shape[0]!);
  });
  const model: OnnxTypes.IModelProto = {
    irVersion: IR_VERSION,
    producerName: 'latent-workbench',
    docString,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    graph: { name: graph.name, node: b.nodes, initializer: b.initializers, input: [rowsInfo(graph.input.name, graph.input.size)], output: outputs },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
