/**
 * The Generate view's live state for one run: its samples from the prior (seed, temperature),
 * the code under the latent sliders with its decode, and the traversal grid around that code.
 * Every decode goes through a coalescer, so dragging a slider never queues stale requests
 * and the last position is always decoded.
 */
import type { CodedImages, LatentStats, WorkbenchApi } from '../../../src-main/protocol';
import { createCoalescer } from '../draw/request-coalescer';
import type { Coalescer } from '../draw/request-coalescer';
import { describeError } from '../state/describe-error';
import type { ImageBatch } from './image-grid';
import { codeAt, topDimensions, traversalCodes, traversalOffsets, withValue } from './latent-dims';

/** The engine methods the session calls. */
export type GenerateApi = Pick<WorkbenchApi, 'sampleLatents' | 'decodeLatents' | 'getLatentStats'>;

/** Samples in the grid. */
export const SAMPLE_COUNT = 16;
/** Rows of the traversal grid: the most used dimensions. */
export const TRAVERSAL_ROWS = 8;
/** Columns of the traversal grid: -3, -2.25, …, +3 prior standard deviations. */
export const TRAVERSAL_COLUMNS = 9;

interface SampleInput {
  runId: string;
  seed: number;
  temperature: number;
}

interface DecodeInput {
  runId: string;
  codes: Float32Array;
}

/** A standard normal draw (Box-Muller); randomising need not repeat. */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export class GenerateSession {
  /** the run the state belongs to; '' before one is opened */
  runId = $state('');
  /** the run's latent size */
  dim = $state(0);
  stats = $state.raw<LatentStats | null>(null);
  seed = $state(1);
  temperature = $state(1);
  samples = $state.raw<CodedImages | null>(null);
  /** the code under the sliders */
  code = $state.raw<Float32Array | null>(null);
  decoded = $state.raw<ImageBatch | null>(null);
  /** decodes of the slider code shown so far (a test hook) */
  decodes = $state(0);
  traversal = $state.raw<ImageBatch | null>(null);
  /** a request is in flight, for the view's data-state */
  busy = $state(false);
  error = $state<string | null>(null);

  /** the dimensions with a slider, most used first */
  readonly dims = $derived(this.dim ? topDimensions(this.dim, this.stats?.usage ?? null) : []);
  /** the traversal grid's rows */
  readonly traversalRows = $derived(this.dims.slice(0, TRAVERSAL_ROWS));
  readonly offsets = traversalOffsets(TRAVERSAL_COLUMNS);

  private readonly sampler: Coalescer<SampleInput>;
  private readonly decoder: Coalescer<DecodeInput>;
  private readonly traverser: Coalescer<DecodeInput>;

  constructor(
    private readonly api: GenerateApi,
    private readonly random: () => number = Math.random,
  ) {
    const failed = (what: string) => (e: unknown, input: { runId: string }) => {
      this.settle();
      if (input.runId === this.runId) this.error = `Could not ${what}: ${describeError(e)}`;
    };
    this.sampler = createCoalescer(
      (input: SampleInput) => api.sampleLatents({ runId: input.runId, count: SAMPLE_COUNT, seed: input.seed, temperature: input.temperature }),
      (reply, input) => {
        this.settle();
        if (input.runId !== this.runId) return;
        this.samples = reply;
        // the sliders start at the first sample, so there is something to move
        if (!this.code) this.setCode(codeAt(reply.codes, 0, reply.dim));
      },
      failed('sample from the prior'),
    );
    const decodeWith = (input: DecodeInput) => api.decodeLatents({ runId: input.runId, codes: input.codes });
    this.decoder = createCoalescer(
      decodeWith,
      (reply, input) => {
        this.settle();
        if (input.runId !== this.runId) return;
        this.decoded = reply;
        this.decodes++;
      },
      failed('decode the code'),
    );
    this.traverser = createCoalescer(
      decodeWith,
      (reply, input) => {
        this.settle();
        if (input.runId === this.runId) this.traversal = reply;
      },
      failed('decode the traversal grid'),
    );
  }

  /** Starts over with `runId`: its latent statistics, samples and slider code. */
  async open(runId: string, dim: number): Promise<void> {
    this.runId = runId;
    this.dim = dim;
    this.stats = null;
    this.samples = null;
    this.code = null;
    this.decoded = null;
    this.traversal = null;
    this.error = null;
    this.resample();
    try {
      const stats = await this.api.getLatentStats({ runId });
      if (this.runId !== runId) return;
      this.stats = stats;
      // the rows follow the usage ranking, which has just arrived
      if (this.code) this.traverse(this.code);
    } catch (e) {
      if (this.runId === runId) this.error = `Could not measure how the latent dimensions are used: ${describeError(e)}`;
    }
  }

  /** Draws the grid again at the current seed and temperature. */
  resample(): void {
    if (!this.runId) return;
    this.busy = true;
    this.sampler.submit({ runId: this.runId, seed: this.seed, temperature: this.temperature });
  }

  /** A fresh grid: the next seed. */
  newSamples(): void {
    this.seed = (this.seed + 1) % 2 ** 32;
    this.resample();
  }

  setTemperature(temperature: number): void {
    this.temperature = temperature;
    this.resample();
  }

  setSeed(seed: number): void {
    this.seed = seed;
    this.resample();
  }

  /** Decodes everything again with the run's newest weights (after an epoch of a training run). */
  refresh(): void {
    this.resample();
    if (this.code) this.setCode(this.code);
  }

  /** Puts sample `i` of the grid under the sliders. */
  pickSample(i: number): void {
    if (this.samples && i < this.samples.count) this.setCode(codeAt(this.samples.codes, i, this.samples.dim));
  }

  /** Moves one slider. */
  setDimension(j: number, value: number): void {
    if (this.code) this.setCode(withValue(this.code, j, value));
  }

  /** A code drawn from the prior at the current temperature. */
  randomise(): void {
    this.setCode(Float32Array.from({ length: this.dim }, () => this.temperature * gaussian(this.random)));
  }

  /** The prior's mean: every slider at 0. */
  reset(): void {
    this.setCode(new Float32Array(this.dim));
  }

  /** Puts `code` under the sliders and decodes it and its traversal grid. */
  setCode(code: Float32Array): void {
    if (!this.runId || code.length !== this.dim) return;
    this.code = code;
    this.busy = true;
    this.decoder.submit({ runId: this.runId, codes: code });
    this.traverse(code);
  }

  // read after a coalescer's callback, `pending` says whether another of its runs follows
  private settle(): void {
    this.busy = this.sampler.pending || this.decoder.pending || this.traverser.pending;
  }

  private traverse(code: Float32Array): void {
    if (this.traversalRows.length === 0) return;
    this.busy = true;
    this.traverser.submit({ runId: this.runId, codes: traversalCodes(code, this.traversalRows, this.offsets) });
  }
}

const kept = new WeakMap<GenerateApi, GenerateSession>();

/** The session of `api`'s Generate view, kept while the app runs, so leaving the view and
 * coming back finds the same run, samples and code. */
export function keptGenerateSession(api: GenerateApi): GenerateSession {
  let session = kept.get(api);
  if (!session) kept.set(api, (session = new GenerateSession(api)));
  return session;
}
