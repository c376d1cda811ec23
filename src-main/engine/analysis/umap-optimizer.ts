/**
 * UMAP's layout optimisation (stochastic gradient descent on the fuzzy graph's cross
 * entropy, as in umap-learn and umap-js) on typed arrays, one epoch at a time and each epoch
 * in slices, so the layout can be drawn while it converges and the engine stays responsive.
 */
import type { FuzzyGraph } from './fuzzy-graph';
import type { TimeSlicer } from './time-slicer';

const NEGATIVE_SAMPLE_RATE = 5;
const REPULSION = 1;
const LEARNING_RATE = 1;
const CLIP = 4;
/** Edges processed between two looks at the clock. */
const EDGES_PER_SLICE = 4096;

/** The curve 1 / (1 + a d^(2b)) that UMAP fits to its membership function. */
export interface CurveParams {
  a: number;
  b: number;
}

const clip = (v: number): number => (v > CLIP ? CLIP : v < -CLIP ? -CLIP : v);

/** Mantissa bits the power table resolves: relative error below 2^-12. */
const MANTISSA_BITS = 11;

/**
 * x^b for x > 0 by two table lookups on x's float32 bits (2^(e b) times m^b): Math.pow costs
 * ~50 ns here and the optimiser needs one per sample, a million per epoch at 70k points.
 */
export class PowerTable {
  private readonly float = new Float32Array(1);
  private readonly bits = new Uint32Array(this.float.buffer);
  private readonly exponents = new Float64Array(256);
  private readonly mantissas = new Float64Array(1 << MANTISSA_BITS);

  constructor(b: number) {
    for (let e = 0; e < 256; e++) this.exponents[e] = Math.pow(2, (e - 127) * b);
    // each entry is the power at its interval's midpoint, halving the worst error
    for (let m = 0; m < this.mantissas.length; m++) this.mantissas[m] = Math.pow(1 + (m + 0.5) / this.mantissas.length, b);
  }

  /** x^b, for finite x > 0. */
  pow(x: number): number {
    this.float[0] = x;
    const bits = this.bits[0]!;
    return this.exponents[bits >>> 23]! * this.mantissas[(bits >>> (23 - MANTISSA_BITS)) & ((1 << MANTISSA_BITS) - 1)]!;
  }
}

/** Moves a 2-D embedding (row-major [count, 2], updated in place) epoch by epoch. */
export class UmapOptimizer {
  private epoch = 0;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly epochsPerSample: Float64Array;
  private readonly nextSample: Float64Array;
  private readonly nextNegative: Float64Array;
  private readonly power: PowerTable;

  constructor(
    graph: FuzzyGraph,
    private readonly embedding: Float32Array,
    readonly epochs: number,
    private readonly curve: CurveParams,
    private readonly random: () => number,
  ) {
    let max = 0;
    for (let e = 0; e < graph.weights.length; e++) max = Math.max(max, graph.weights[e]!);
    // edges too weak to be sampled once in the run are dropped, as umap-learn does
    const kept: number[] = [];
    for (let e = 0; e < graph.weights.length; e++) if (graph.weights[e]! >= max / epochs) kept.push(e);
    this.head = new Int32Array(kept.length);
    this.tail = new Int32Array(kept.length);
    this.epochsPerSample = new Float64Array(kept.length);
    kept.forEach((e, i) => {
      this.head[i] = graph.head[e]!;
      this.tail[i] = graph.tail[e]!;
      this.epochsPerSample[i] = max / graph.weights[e]!;
    });
    this.nextSample = Float64Array.from(this.epochsPerSample);
    this.nextNegative = this.epochsPerSample.map((e) => e / NEGATIVE_SAMPLE_RATE);
    this.power = new PowerTable(curve.b);
  }

  /** Epochs completed. */
  get epochsDone(): number {
    return this.epoch;
  }

  get done(): boolean {
    return this.epoch >= this.epochs;
  }

  /** Runs one epoch over every edge, yielding between slices. */
  async runEpoch(slicer: TimeSlicer): Promise<void> {
    if (this.done) return;
    const edges = this.head.length;
    for (let from = 0; from < edges; from += EDGES_PER_SLICE) {
      this.runEdges(from, Math.min(edges, from + EDGES_PER_SLICE));
      await slicer.maybeYield();
    }
    this.epoch++;
  }

  private runEdges(from: number, to: number): void {
    const { head, tail, epochsPerSample, nextSample, nextNegative, embedding: y, random, power } = this;
    const { a, b } = this.curve;
    const n = this.epoch;
    const alpha = LEARNING_RATE * (1 - n / this.epochs);
    const vertices = y.length / 2;
    for (let i = from; i < to; i++) {
      if (nextSample[i]! > n) continue;
      const j = head[i]!;
      const k = tail[i]!;
      let dx = y[2 * j]! - y[2 * k]!;
      let dy = y[2 * j + 1]! - y[2 * k + 1]!;
      let d2 = dx * dx + dy * dy;
      let coefficient = 0;
      if (d2 > 0) {
        const p = power.pow(d2);
        coefficient = (-2 * a * b * p) / (d2 * (a * p + 1));
      }
      let gx = clip(coefficient * dx) * alpha;
      let gy = clip(coefficient * dy) * alpha;
      y[2 * j] = y[2 * j]! + gx;
      y[2 * j + 1] = y[2 * j + 1]! + gy;
      y[2 * k] = y[2 * k]! - gx;
      y[2 * k + 1] = y[2 * k + 1]! - gy;
      nextSample[i] = nextSample[i]! + epochsPerSample[i]!;

      const perNegative = epochsPerSample[i]! / NEGATIVE_SAMPLE_RATE;
      const negatives = Math.floor((n - nextNegative[i]!) / perNegative);
      for (let s = 0; s < negatives; s++) {
        const m = Math.floor(random() * vertices);
        dx = y[2 * j]! - y[2 * m]!;
        dy = y[2 * j + 1]! - y[2 * m + 1]!;
        d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          coefficient = (2 * REPULSION * b) / ((0.001 + d2) * (a * power.pow(d2) + 1));
          gx = clip(coefficient * dx);
          gy = clip(coefficient * dy);
        } else if (j === m) {
          continue;
        } else {
          // two points on the same spot: push apart at full strength
          gx = CLIP;
          gy = CLIP;
        }
        y[2 * j] = y[2 * j]! + gx * alpha;
        y[2 * j + 1] = y[2 * j + 1]! + gy * alpha;
      }
      nextNegative[i] = nextNegative[i]! + negatives * perNegative;
    }
  }
}
