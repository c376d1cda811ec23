/** An export graph as a tfjs LayersModel (functional, so a VAE encoder keeps both heads). */
import * as tf from '@tensorflow/tfjs';
import type { ExportGraph, LayerSpec, Weight } from './export-graph';

/** Builds the model and sets its weights; the caller disposes it. */
export function buildLayersModel(graph: ExportGraph): tf.LayersModel {
  const counts = new Map<string, number>();
  const nameOf = (type: string): string => {
    const n = (counts.get(type) ?? 0) + 1;
    counts.set(type, n);
    return `${type}_${n}`;
  };
  const weighted: { layer: tf.layers.Layer; weights: Weight[] }[] = [];
  const applyAll = (x: tf.SymbolicTensor, layers: LayerSpec[], lastName?: string): tf.SymbolicTensor =>
    layers.reduce((t, spec, i) => {
      const { layer, weights } = toLayer(spec, i === layers.length - 1 && lastName ? lastName : nameOf(spec.type));
      if (weights.length) weighted.push({ layer, weights });
      return layer.apply(t) as tf.SymbolicTensor;
    }, x);

  const input = tf.input({ shape: [graph.input.size], name: graph.input.name });
  const features = applyAll(input, graph.trunk);
  const outputs = graph.outputs.map(({ name, layers }) =>
    // an output head without layers (an AE's code) still needs a layer to carry its name
    applyAll(features, layers.length ? layers : [{ type: 'activation', activation: 'linear' }], name),
  );
  const model = tf.model({ name: graph.name, inputs: input, outputs });
  for (const { layer, weights } of weighted) {
    const tensors = weights.map((w) => tf.tensor(w.data, w.shape, 'float32'));
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
  return model;
}

function toLayer(spec: LayerSpec, name: string): { layer: tf.layers.Layer; weights: Weight[] } {
  switch (spec.type) {
    case 'dense':
      return {
        layer: tf.layers.dense({ name, units: spec.kernel.shape[1]!, activation: spec.activation, useBias: spec.bias !== null }),
        weights: spec.bias ? [spec.kernel, spec.bias] : [spec.kernel],
      };
    case 'conv2d':
    case 'conv2dTranspose': {
      const [kh, kw, a, b] = spec.kernel.shape as [number, number, number, number];
      // conv kernels are [kh, kw, in, out], transposed ones [kh, kw, out, in]
      const args = { name, filters: spec.type === 'conv2d' ? b : a, kernelSize: [kh, kw], strides: spec.strides, padding: 'same' as const, activation: spec.activation, useBias: spec.bias !== null };
      return { layer: spec.type === 'conv2d' ? tf.layers.conv2d(args) : tf.layers.conv2dTranspose(args), weights: spec.bias ? [spec.kernel, spec.bias] : [spec.kernel] };
    }
    case 'batchNorm':
      return { layer: tf.layers.batchNormalization({ name, epsilon: spec.epsilon }), weights: [spec.gamma, spec.beta, spec.mean, spec.variance] };
    case 'reshape':
      return { layer: tf.layers.reshape({ name, targetShape: spec.target }), weights: [] };
    case 'flatten':
      return { layer: tf.layers.flatten({ name }), weights: [] };
    case 'activation':
      return { layer: tf.layers.activation({ name, activation: spec.activation }), weights: [] };
    case 'leakyRelu':
      return { layer: tf.layers.leakyReLU({ name, alpha: spec.alpha }), weights: [] };
  }
}
