/**
 * The linear probe / few-shot experiment: a run's encoder frozen (both splits encoded once),
 * then for each label budget N a class-balanced seeded sample of N labelled training images,
 * and on it a head on the code, the same head on raw pixels and an encoder-shaped network
 * trained from scratch, each scored on the whole validation split. One probe at a time (a
 * new one cancels the one before); results stream as `probeProgress` events.
 */
import type { ProbeMethod, ProbeProgress, ProbeRequest, ProbeStarted } from '../../protocol';
import { ProbeMethod as ProbeMethods, WorkbenchError } from '../../protocol';
import { gatherBatch } from '../data/image-set';
import type { ImageSet } from '../data/image-set';
import type { EventSink } from '../engine-context';
import type { RunModel } from '../inference/run-models';
import { CancelledError, TimeSlicer } from '../analysis/time-slicer';
import { balancedSample, probeSizes } from './balanced-sample';
import { buildHead, buildScratch, evaluateClassifier, trainClassifier } from './classifiers';
import type { Features } from './classifiers';
import { knnClassify } from './knn-classifier';
import type { CodeCache, SplitCodes } from './code-cache';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type ProgressBody = DistributiveOmit<ProbeProgress, 'probeId' | 'seq'>;

/** How each kind of classifier trains: heads on scaled codes or pixels learn fast and a
 * linear one costs little per step, so it gets more; deeper nets learn slower. */
const TRAINING: Record<'linear' | 'mlp' | 'scratch', { learningRate: number; stepBudget: number }> = {
  linear: { learningRate: 0.01, stepBudget: 1500 },
  mlp: { learningRate: 0.003, stepBudget: 600 },
  scratch: { learningRate: 0.002, stepBudget: 400 },
};
/** Neighbours in the k-NN vote, as is usual for a quick quality figure. */
const KNN_K = 5;
/** Stage events come at most this often (an encoding's last one always). */
const STAGE_INTERVAL_MS = 100;

interface Job {
  id: string;
  controller: AbortController;
  running: boolean;
}

/** What a probe will do, fixed when it starts. */
interface Plan {
  run: RunModel;
  sizes: number[];
  methods: ProbeMethod[];
  classes: number;
  trainLabels: Uint8Array;
  valLabels: Uint8Array;
}

export class Probes {
  private current: Job | null = null;
  private made = 0;
  private asked = 0;

  constructor(
    private readonly loadModel: (runId: string) => Promise<RunModel>,
    private readonly emit: EventSink,
    private readonly cache: CodeCache,
  ) {}

  /** Checks the request against the run, cancels the running probe and starts this one. */
  async start(request: ProbeRequest): Promise<ProbeStarted> {
    const ticket = ++this.asked;
    const run = await this.loadModel(request.runId);
    if (ticket !== this.asked) throw new WorkbenchError('busy', 'A newer probe was asked for meanwhile; this one was dropped.');
    const plan = planProbe(run, request);
    if (this.current?.running) this.current.controller.abort();
    const job: Job = { id: `probe-${++this.made}-${Date.now().toString(36)}`, controller: new AbortController(), running: true };
    this.current = job;
    this.run(job, request, plan).catch((error: unknown) => console.error(`[engine] probe ${job.id} could not report its end:`, error));
    return {
      probeId: job.id,
      sizes: plan.sizes,
      methods: plan.methods,
      trainCount: plan.trainLabels.length,
      valCount: plan.valLabels.length,
      classes: plan.classes,
    };
  }

  /** Cancels `probeId`; false when it is not running. */
  cancel(probeId: string): boolean {
    if (this.current?.id !== probeId || !this.current.running) return false;
    this.current.controller.abort();
    return true;
  }

  private async run(job: Job, request: ProbeRequest, plan: Plan): Promise<void> {
    const started = performance.now();
    let seq = 0;
    const send = (body: ProgressBody): void => this.emit('probeProgress', { ...body, probeId: job.id, seq: seq++ } as ProbeProgress);
    const slicer = new TimeSlicer(job.controller.signal);
    const { run, sizes, methods, classes, trainLabels, valLabels } = plan;
    // the scratch baselines train their own nets; the run's model is only needed to encode
    const release = run.hold();
    try {
      const { train, val } = await this.encode(request.runId, run, slicer, send).finally(release);
      const standardize = standardizer(train.codes, train.dim);
      const features = {
        latent: { train: codeFeatures(train, standardize), val: codeFeatures(val, standardize) },
        pixels: { train: pixelFeatures(run.dataset, train.indices), val: pixelFeatures(run.dataset, val.indices) },
      };
      const valPositions = Int32Array.from({ length: val.indices.length }, (_, i) => i);
      const total = sizes.length * methods.length;
      let done = 0;
      for (const [sizeIndex, size] of sizes.entries()) {
        const positions = balancedSample(trainLabels, size, request.seed);
        const labels = Uint8Array.from(positions, (p) => trainLabels[p]!);
        for (const method of methods) {
          send({ kind: 'stage', stage: 'training', done, total, method, size });
          let lastEpochEvent = performance.now();
          const onEpoch = (epoch: number, epochs: number): void => {
            if (performance.now() - lastEpochEvent < STAGE_INTERVAL_MS) return;
            lastEpochEvent = performance.now();
            send({ kind: 'stage', stage: 'training', done, total, method, size, epoch, epochs });
          };
          const methodStarted = performance.now();
          // each classifier's seed depends on its method and budget only, so a result repeats
          // whatever else the experiment runs
          const seed = request.seed + 100 * ProbeMethods.options.indexOf(method) + sizeIndex;
          const score = await scoreClassifier(method, { run, features, classes, seed, slicer, onEpoch }, { positions, labels }, { positions: valPositions, labels: valLabels });
          send({ kind: 'result', method, size, ...score, seconds: (performance.now() - methodStarted) / 1000, classes });
          done++;
        }
      }
      send({ kind: 'finished', status: 'completed', seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      const cancelled = error instanceof CancelledError;
      const message = cancelled ? 'Cancelled.' : `The probe failed: ${error instanceof Error ? error.message : String(error)}`;
      send({ kind: 'finished', status: cancelled ? 'cancelled' : 'failed', message, seconds: (performance.now() - started) / 1000 });
    } finally {
      job.running = false;
    }
  }

  /** Both splits' codes, from the cache or encoded now with progress over both. */
  private async encode(runId: string, run: RunModel, slicer: TimeSlicer, send: (body: ProgressBody) => void): Promise<{ train: SplitCodes; val: SplitCodes }> {
    const trainCount = run.dataset.trainIndices.length;
    const total = trainCount + run.dataset.valIndices.length;
    let last = -Infinity;
    const stage = (done: number): void => {
      const now = performance.now();
      if (done < total && now - last < STAGE_INTERVAL_MS) return;
      last = now;
      send({ kind: 'stage', stage: 'encoding', done, total });
    };
    stage(0);
    const train = await this.cache.codes(runId, run, 'train', slicer, (done, of) => stage(Math.round((done / of) * trainCount)));
    const val = await this.cache.codes(runId, run, 'validation', slicer, (done, of) => stage(trainCount + Math.round((done / of) * (total - trainCount))));
    return { train, val };
  }
}

/** What every classifier of a probe shares. */
interface ScoreContext {
  run: RunModel;
  features: Record<'latent' | 'pixels', { train: Features; val: Features }>;
  classes: number;
  seed: number;
  slicer: TimeSlicer;
  onEpoch: (epoch: number, epochs: number) => void;
}

/** Trains one method on the labelled samples (k-NN just keeps them) and scores it on the validation split. */
async function scoreClassifier(
  method: ProbeMethod,
  { run, features, classes, seed, slicer, onEpoch }: ScoreContext,
  train: { positions: Int32Array; labels: Uint8Array },
  val: { positions: Int32Array; labels: Uint8Array },
): Promise<{ accuracy: number; confusion: Int32Array; epochs: number }> {
  const [source, head] = method.split('-') as ['latent' | 'pixels' | 'scratch', 'linear' | 'mlp' | 'knn' | undefined];
  if (head === 'knn') return { ...(await knnClassify(features.latent, train, val, classes, KNN_K, slicer)), epochs: 0 };
  // the scratch network reads pixels
  const on = features[source === 'latent' ? 'latent' : 'pixels'];
  const net =
    source === 'scratch' ? buildScratch(run.model.kind, run.dataset.summary, run.model.latentDim, classes, seed) : buildHead(head!, on.train.dim, classes, seed);
  try {
    const epochs = await trainClassifier(net, on.train, train.positions, train.labels, classes, { ...TRAINING[head ?? 'scratch'], seed, slicer, onEpoch });
    return { ...(await evaluateClassifier(net, on.val, val.positions, val.labels, classes, slicer)), epochs };
  } finally {
    net.dispose();
  }
}

/** Refuses what cannot be probed, in a sentence that says what to pick instead. */
function planProbe(run: RunModel, request: ProbeRequest): Plan {
  const { model, dataset } = run;
  if (!model.encode) {
    throw new WorkbenchError('bad-request', `A ${model.kind} run has no encoder, so there is no code to classify; pick an autoencoder, VAE or AAE run.`);
  }
  if (!dataset.labels) {
    throw new WorkbenchError('bad-request', `Run ${request.runId}'s dataset (${dataset.summary.id}) has no labels, so there is nothing to classify; pick a run trained on labelled data.`);
  }
  const labels = dataset.labels;
  const trainLabels = Uint8Array.from(dataset.trainIndices, (i) => labels[i]!);
  const valLabels = Uint8Array.from(dataset.valIndices, (i) => labels[i]!);
  if (new Set(trainLabels).size < 2) {
    throw new WorkbenchError('bad-request', `The training split of ${dataset.summary.id} holds fewer than two classes, so there is nothing to tell apart.`);
  }
  if (valLabels.length === 0) throw new WorkbenchError('bad-request', `${dataset.summary.id} has no validation images to measure accuracy on.`);
  let classes = 0;
  for (const label of labels) classes = Math.max(classes, label + 1);
  const methods: ProbeMethod[] = [
    ...request.heads.map((h) => `latent-${h}` as const),
    ...request.heads.map((h) => `pixels-${h}` as const),
    ...(request.scratch ? (['scratch'] as const) : []),
    ...(request.knn ? (['latent-knn'] as const) : []),
  ];
  return { run, sizes: probeSizes(request.sizes, request.includeAll, trainLabels.length), methods, classes, trainLabels, valLabels };
}

/** Centres the codes per dimension and scales them all by one factor (their RMS sd), so
 * heads learn at the same pace on any code while the code's geometry stays as it is: a
 * per-dimension scale would blow near-dead units up to the size of informative ones. Only
 * the unlabelled training codes are used, so no label information leaks in. */
function standardizer(codes: Float32Array, dim: number): { mean: Float32Array; scale: number } {
  const count = codes.length / dim;
  const mean = new Float64Array(dim);
  for (let r = 0; r < count; r++) for (let j = 0; j < dim; j++) mean[j] = mean[j]! + codes[r * dim + j]! / count;
  let variance = 0;
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < dim; j++) variance += (codes[r * dim + j]! - mean[j]!) ** 2;
  }
  const rms = Math.sqrt(variance / (count * dim));
  // a collapsed code (all equal) stays 0 rather than dividing by 0
  return { mean: Float32Array.from(mean), scale: rms > 1e-8 ? 1 / rms : 0 };
}

function codeFeatures(split: SplitCodes, { mean, scale }: { mean: Float32Array; scale: number }): Features {
  const { codes, dim } = split;
  return {
    dim,
    rows(positions) {
      const out = new Float32Array(positions.length * dim);
      for (let r = 0; r < positions.length; r++) {
        const at = positions[r]! * dim;
        for (let j = 0; j < dim; j++) out[r * dim + j] = (codes[at + j]! - mean[j]!) * scale;
      }
      return out;
    },
  };
}

function pixelFeatures(dataset: ImageSet, indices: Int32Array): Features {
  const { width, height, channels } = dataset.summary;
  return { dim: width * height * channels, rows: (positions) => gatherBatch(dataset, Int32Array.from(positions as ArrayLike<number>, (p) => indices[p]!)) };
}

