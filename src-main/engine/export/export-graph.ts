/**
 * A run's nets as a plain, format-neutral graph: layers with their weights as typed arrays.
 * The tfjs and ONNX writers both read this, so the two formats describe one and the same
 * network. The layer lists mirror the model zoo (`engine/models/*.ts`); the zoo keeps its
 * nets private, so an export rebuilds them from the checkpoint's weights by position, and
 * `verifyExport` checks every export against the run's own model before it is written.
 */
import type { ModelKind } from '../../protocol';
import type { ModelState, NamedTensor } from '../models/model';

/** An activation the writers know. */
export type Activation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/** A weight tensor: row-major data in tfjs's layout (dense [in, out], conv [kh, kw, in, out],
 * conv-transpose [kh, kw, out, in]). */
export interface Weight {
  data: Float32Array;
  shape: number[];
}

/** One layer of an exported net. Reshape targets are per sample, channels last (NHWC). */
export type LayerSpec =
  | { type: 'dense'; kernel: Weight; bias: Weight | null; activation: Activation }
  | { type: 'reshape'; target: number[] }
  | { type: 'flatten' }
  | { type: 'conv2d' | 'conv2dTranspose'; kernel: Weight; bias: Weight | null; strides: number; activation: Activation }
  | { type: 'batchNorm'; gamma: Weight; beta: Weight; mean: Weight; variance: Weight; epsilon: number }
  | { type: 'activation'; activation: Activation }
  | { type: 'leakyRelu'; alpha: number };

/** A net: a flat input, a shared trunk, and one or more named output heads. */
export interface ExportGraph {
  name: string;
  input: { name: string; size: number };
  trunk: LayerSpec[];
  outputs: { name: string; layers: LayerSpec[] }[];
}

/** What can be exported of a run. */
export type ExportPart = 'encoder' | 'decoder' | 'model';

/** Image geometry of the run's dataset. */
export interface ExportShape {
  width: number;
  height: number;
  channels: number;
}

/** tfjs's default batch-norm epsilon, which the zoo keeps. */
const BN_EPSILON = 1e-3;

/** Hands out a checkpoint group's tensors in order (tfjs's `getWeights()`: trainable ones
 * layer by layer, then non-trainable ones), checking the rank each layer expects. */
class WeightCursor {
  private next = 0;
  private readonly later: { weight: Weight; rank: number }[] = [];
  constructor(
    private readonly group: string,
    private readonly tensors: NamedTensor[],
  ) {}

  take(rank: number): Weight {
    const item = this.tensors[this.next];
    if (!item) throw new Error(`The checkpoint's ${this.group} weights end early (after ${this.next}); the run's model does not match its family.`);
    if (item.tensor.rank !== rank) throw new Error(`The checkpoint's ${this.group} weight ${this.next} has rank ${item.tensor.rank}, expected ${rank}.`);
    this.next++;
    return { data: Float32Array.from(item.tensor.dataSync()), shape: item.tensor.shape.slice() };
  }

  /** A non-trainable weight (batch-norm moving statistics): tfjs lists those after every
   * trainable one, so it is filled in by `done()`. */
  takeLater(rank: number): Weight {
    const weight: Weight = { data: new Float32Array(0), shape: [] };
    this.later.push({ weight, rank });
    return weight;
  }

  /** Fills the non-trainable weights; throws when weights are left over or missing. */
  done(): void {
    for (const { weight, rank } of this.later) Object.assign(weight, this.take(rank));
    if (this.next !== this.tensors.length) throw new Error(`The checkpoint's ${this.group} holds ${this.tensors.length} weights, the export used ${this.next}.`);
  }
}

type Step = (weights: WeightCursor, built: readonly LayerSpec[]) => LayerSpec;

const dense =
  (activation: Activation, useBias = true): Step =>
  (w) => ({ type: 'dense', kernel: w.take(2), bias: useBias ? w.take(1) : null, activation });
const conv =
  (type: 'conv2d' | 'conv2dTranspose', activation: Activation, useBias = true): Step =>
  (w) => ({ type, kernel: w.take(4), bias: useBias ? w.take(1) : null, strides: 2, activation });
const batchNorm: Step = (w) => ({ type: 'batchNorm', gamma: w.take(1), beta: w.take(1), mean: w.takeLater(1), variance: w.takeLater(1), epsilon: BN_EPSILON });
const fixed =
  (layer: LayerSpec): Step =>
  () =>
    layer;
/** Reshape of the previous dense layer's units into a quarter-size feature map. */
const toFeatureMap =
  (shape: ExportShape): Step =>
  (_, built) => {
    const last = built.at(-1);
    if (last?.type !== 'dense') throw new Error('A feature map follows a dense layer.');
    const [h, w] = [shape.height / 4, shape.width / 4];
    return { type: 'reshape', target: [h, w, last.kernel.shape[1]! / (h * w)] };
  };

function run(steps: Step[], weights: WeightCursor): LayerSpec[] {
  const built: LayerSpec[] = [];
  for (const step of steps) built.push(step(weights, built));
  return built;
}

/** A family's nets: an encoder (trunk plus heads: `code`, or a VAE's `mu` and `log_var`)
 * and a decoder that ends in a sigmoid (the zoo's decoders give logits). */
export interface FamilyNets {
  encoder: { trunk: LayerSpec[]; heads: { name: string; layers: LayerSpec[] }[] } | null;
  decoder: LayerSpec[];
}

/** Rebuilds a family's nets from its checkpoint state (weights by position). */
export function familyNets(kind: ModelKind, shape: ExportShape, state: ModelState): FamilyNets {
  const group = (name: string): WeightCursor => {
    const tensors = state[name];
    if (!tensors) throw new Error(`The checkpoint holds no ${name} weights.`);
    return new WeightCursor(name, tensors);
  };
  const sigmoid = fixed({ type: 'activation', activation: 'sigmoid' });
  const flatten = fixed({ type: 'flatten' });
  const image = fixed({ type: 'reshape', target: [shape.height, shape.width, shape.channels] });
  const denseDecoder = [dense('relu'), dense('linear'), sigmoid];
  const convTrunk = [image, conv('conv2d', 'relu'), conv('conv2d', 'relu'), flatten];
  const convDecoder = [dense('relu'), toFeatureMap(shape), conv('conv2dTranspose', 'relu'), conv('conv2dTranspose', 'linear'), flatten, sigmoid];
  const single = (weights: WeightCursor, encoderSteps: Step[], decoderSteps: Step[]): FamilyNets => {
    const trunk = run(encoderSteps, weights);
    const decoder = run(decoderSteps, weights);
    weights.done();
    return { encoder: { trunk, heads: [{ name: 'code', layers: [] }] }, decoder };
  };
  const split = (trunkSteps: Step[], headSteps: Record<string, Step[]>, decoderSteps: Step[]): FamilyNets => {
    const enc = group('encoder');
    const trunk = run(trunkSteps, enc);
    const heads = Object.entries(headSteps).map(([name, steps]) => ({ name, layers: run(steps, enc) }));
    enc.done();
    const dec = group('decoder');
    const decoder = run(decoderSteps, dec);
    dec.done();
    return { encoder: { trunk, heads }, decoder };
  };
  switch (kind) {
    case 'dense-ae':
      return single(group('autoencoder'), [dense('relu'), dense('relu')], denseDecoder);
    case 'conv-ae':
      return single(group('autoencoder'), [...convTrunk, dense('linear')], convDecoder);
    case 'vae':
      return split([dense('relu')], { mu: [dense('linear')], log_var: [dense('linear')] }, denseDecoder);
    case 'conv-vae':
      return split(convTrunk, { mu: [dense('linear')], log_var: [dense('linear')] }, convDecoder);
    case 'aae':
      return split([dense('relu')], { code: [dense('linear')] }, denseDecoder);
    case 'dcgan': {
      const relu = fixed({ type: 'activation', activation: 'relu' });
      const g = group('generator');
      const decoder = run(
        [dense('linear', false), toFeatureMap(shape), batchNorm, relu, conv('conv2dTranspose', 'linear', false), batchNorm, relu, conv('conv2dTranspose', 'linear'), flatten, sigmoid],
        g,
      );
      g.done();
      return { encoder: null, decoder };
    }
  }
}

/** Why `part` (or the embeddings) cannot be exported from a `kind` run, or null when it can. */
export function unexportable(kind: ModelKind, part: ExportPart | 'embeddings'): string | null {
  if (kind !== 'dcgan' || part === 'decoder') return null;
  if (part === 'embeddings') return 'A dcgan has no encoder, so its images have no codes to export; export its decoder instead.';
  return `A dcgan has no encoder, so its ${part === 'model' ? 'full model is its generator' : 'encoder does not exist'}: export the decoder (the generator) instead.`;
}

/** The graph of one part: encoder (image -> code, or mu and log_var), decoder (code ->
 * image) or the whole model (image -> reconstruction, through a VAE's mean code). */
export function partGraph(nets: FamilyNets, part: ExportPart, pixels: number, latentDim: number): ExportGraph {
  if (part === 'decoder') return { name: 'decoder', input: { name: 'code', size: latentDim }, trunk: [], outputs: [{ name: 'image', layers: nets.decoder }] };
  const encoder = nets.encoder;
  if (!encoder) throw new Error('This model has no encoder.');
  if (part === 'encoder') return { name: 'encoder', input: { name: 'image', size: pixels }, trunk: encoder.trunk, outputs: encoder.heads };
  // the model reconstructs through the first head: the code, or a VAE's mean
  const head = encoder.heads[0]!;
  return { name: 'autoencoder', input: { name: 'image', size: pixels }, trunk: [], outputs: [{ name: 'reconstruction', layers: [...encoder.trunk, ...head.layers, ...nets.decoder] }] };
}
