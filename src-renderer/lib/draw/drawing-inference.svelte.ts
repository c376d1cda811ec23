/**
 * A drawing's answers from a model: every stroke asks for the reconstruction, code, error and
 * percentile; the nearest training digits and the samples around the code come at a lower
 * rate while the pen moves, and once more when it rests (detail-pacer.ts). Requests are
 * coalesced so drawing never queues up stale work, and a reply about a drawing or model no
 * longer current is dropped.
 */
import { describeError } from '../state/describe-error';
import { createDetailPacer } from './detail-pacer';
import type { DetailPacer, PacerClock } from './detail-pacer';
import type { DrawInference, DrawModelApi } from './draw-api';
import { inferenceProblem } from './inference-check';
import { createCoalescer } from './request-coalescer';
import type { Coalescer } from './request-coalescer';

/** Nearest training digits and samples around the code asked for with the details. */
const NEIGHBOURS = 8;
const SAMPLES = 8;
/** neighbours and samples follow the pen at most this often (the reconstruction at every
 * stroke), and come this long after the pen rests */
const DETAIL_INTERVAL_MS = 100;

/** One inference request: which model, which 28x28 input. */
export interface DrawRequest {
  runId: string;
  pixels: Float32Array;
  /** ask for neighbours and samples whatever the pacing: the pen has rested */
  details?: true;
}

/** The latest reply that carried neighbours and samples, and the request it answered. */
export interface DrawDetails {
  request: DrawRequest;
  neighbours: DrawInference['neighbours'];
  samples: DrawInference['samples'];
}

/** Where each answered drawing's code goes (the Explore map's marker), and its clearing. */
export interface CodeSink {
  show(runId: string, code: Float32Array): void;
  clear(): void;
}

const sameDrawing = (a: DrawRequest, b: DrawRequest): boolean => a.runId === b.runId && a.pixels === b.pixels;

export class DrawingInference {
  /** the latest answer to a stroke, with the request it answered */
  result = $state.raw<(DrawRequest & { inference: DrawInference }) | null>(null);
  details = $state.raw<DrawDetails | null>(null);
  /** a request is on its way */
  inferring = $state(false);
  /** drawings answered so far (a later reply with details for the same drawing does not
   * count): lets a test time a stroke to its painted reconstruction */
  answers = $state(0);
  /** why the last request failed, until one succeeds */
  error = $state<string | null>(null);

  // the request wanted answered; null when there is nothing to ask about
  private latest: DrawRequest | null = null;
  private readonly pacer: DetailPacer;
  private readonly coalescer: Coalescer<DrawRequest>;

  constructor(
    api: Pick<DrawModelApi, 'inferDrawing'>,
    private readonly sink: CodeSink,
    clock?: PacerClock,
  ) {
    this.pacer = createDetailPacer(DETAIL_INTERVAL_MS, clock);
    this.coalescer = createCoalescer(
      async (request: DrawRequest) => {
        const detailed = this.pacer.due(request.details);
        const count = (n: number): number => (detailed ? n : 0);
        const inference = await api.inferDrawing({ runId: request.runId, pixels: request.pixels, neighbours: count(NEIGHBOURS), samples: count(SAMPLES) });
        return { inference, detailed };
      },
      ({ inference, detailed }, request) => this.answered(inference, detailed, request),
      (e, request) => {
        this.inferring = this.latest !== null && this.coalescer.pending;
        if (this.isCurrent(request)) this.error = `Could not run the model on the drawing: ${describeError(e)}`;
      },
    );
  }

  /** Asks about `pixels` through `runId`'s model; null for either (no model, nothing drawn)
   * stops asking and clears the code shown on the map. */
  ask(runId: string | null, pixels: Float32Array | null): void {
    // the pen moved: not resting, so no refresh for the drawing before
    this.pacer.cancel();
    if (!runId || !pixels) {
      this.sink.clear();
      this.latest = null;
      this.details = null;
      this.inferring = false;
      return;
    }
    this.latest = { runId, pixels };
    this.inferring = true;
    this.coalescer.submit(this.latest);
  }

  /** Stops the pacing and drops replies still on their way. */
  dispose(): void {
    this.pacer.cancel();
    this.coalescer.dispose();
  }

  private isCurrent(request: DrawRequest): boolean {
    return this.latest !== null && this.latest.runId === request.runId;
  }

  private answered(inference: DrawInference, detailed: boolean, request: DrawRequest): void {
    this.inferring = this.latest !== null && this.coalescer.pending;
    if (!this.isCurrent(request)) return;
    const problem = inferenceProblem(inference);
    if (problem) {
      this.error = problem;
      return;
    }
    if (detailed) this.details = { request, neighbours: inference.neighbours, samples: inference.samples };
    else if (!this.coalescer.pending) this.pacer.rest(() => this.refreshDetails());
    this.error = null;
    // the reply to a rested pen's refresh only brings the details
    if (request.details && this.result && sameDrawing(this.result, request)) return;
    this.result = { ...request, inference };
    this.sink.show(request.runId, inference.latent);
    this.answers += 1;
  }

  // the pen rests: the drawing shown last gets its neighbours and samples
  private refreshDetails(): void {
    const latest = this.latest;
    if (!latest || (this.details && sameDrawing(this.details.request, latest))) return;
    this.inferring = true;
    this.coalescer.submit({ ...latest, details: true });
  }
}
