/**
 * The engine's projections: one at a time (a new one cancels the one before), each encoding
 * its points, then streaming its layouts as `projectionProgress` events. The latest one's
 * points stay in memory for getProjectionPoints until the next one starts.
 */
import type { EventName, EventPayload, ProjectionPoints, ProjectionProgress, ProjectionRequest } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import type { RunModel } from '../inference/run-models';
import { encodePoints } from './encode-split';
import type { EncodedPoints } from './encode-split';
import { searchSpace } from './knn';
import { pca } from './pca';
import { splitPoints } from './split-points';
import { CancelledError, TimeSlicer } from './time-slicer';
import { sampledTrustworthiness } from './trustworthiness';
import { umap } from './umap';

/** Sends an event to whoever hosts the engine. */
type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Stage events of one stage come at most this often (its last one always). */
const STAGE_INTERVAL_MS = 100;

/** Omit applied to each member of a union, so each progress kind keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type ProgressBody = DistributiveOmit<ProjectionProgress, 'projectionId' | 'seq'>;

interface Job {
  id: string;
  request: ProjectionRequest;
  datasetId: string;
  generative: boolean;
  total: number;
  controller: AbortController;
  points: EncodedPoints | null;
  running: boolean;
}

export class Projections {
  private current: Job | null = null;
  private made = 0;
  private asked = 0;

  constructor(
    private readonly loadModel: (runId: string) => Promise<RunModel>,
    private readonly emit: Emit,
  ) {}

  /** Starts a projection, cancelling the current one; its events follow. */
  async start(request: ProjectionRequest): Promise<{ projectionId: string; count: number; total: number }> {
    const ticket = ++this.asked;
    const run = await this.loadModel(request.runId);
    // another start arrived while this one loaded its model: the later request wins
    if (ticket !== this.asked) throw new WorkbenchError('busy', 'A newer projection was asked for meanwhile; this one was dropped.');
    const { model, dataset } = run;
    if (!model.encode) {
      throw new WorkbenchError('bad-request', `A ${model.kind} run has no encoder, so its images have no codes to map; pick an autoencoder run.`);
    }
    if (request.method === 'latent' && model.latentDim !== 2) {
      throw new WorkbenchError('bad-request', `The latent plane needs a 2-D latent space; this run's has ${model.latentDim} dimensions. Use PCA or UMAP.`);
    }
    const { indices, total } = splitPoints(dataset, request.split, request.maxPoints, request.seed);
    if (indices.length < 3) throw new WorkbenchError('bad-request', `The ${request.split} split has ${indices.length} images; a map needs at least 3.`);
    // only a projection that can start replaces the current one
    this.cancelCurrent();
    const job: Job = {
      id: `projection-${++this.made}-${Date.now().toString(36)}`,
      request,
      datasetId: dataset.summary.id,
      generative: model.generative,
      total,
      controller: new AbortController(),
      points: null,
      running: true,
    };
    this.current = job;
    this.run(job, run, indices).catch((error: unknown) => console.error(`[engine] projection ${job.id} could not report its end:`, error));
    return { projectionId: job.id, count: indices.length, total };
  }

  /** Cancels `projectionId`; false when it is not running. */
  cancel(projectionId: string): boolean {
    if (this.current?.id !== projectionId || !this.current.running) return false;
    this.current.controller.abort();
    return true;
  }

  /** The encoded points of `projectionId`. */
  points(projectionId: string): ProjectionPoints {
    const job = this.current?.id === projectionId ? this.current : null;
    if (!job) throw new WorkbenchError('not-found', `Projection ${projectionId} is gone: a newer one replaced it.`);
    if (!job.points) throw new WorkbenchError('busy', `Projection ${projectionId} is still encoding its images; wait for its "encoded" event.`);
    const { indices, labels, errors, codes, dim } = job.points;
    const { runId, split, method } = job.request;
    return {
      projectionId, runId, datasetId: job.datasetId, split, method, count: indices.length, total: job.total, dim, generative: job.generative,
      indices, labels, errors, codes,
    };
  }

  private cancelCurrent(): void {
    if (this.current?.running) this.current.controller.abort();
  }

  private async run(job: Job, { model, dataset }: RunModel, indices: Int32Array): Promise<void> {
    const started = performance.now();
    let seq = 0;
    const send = (body: ProgressBody): void => this.emit('projectionProgress', { ...body, projectionId: job.id, seq: seq++ } as ProjectionProgress);
    const lastStage = new Map<string, number>();
    const stage = (name: 'encoding' | 'neighbours' | 'graph', done: number, total: number): void => {
      const now = performance.now();
      if (done < total && now - (lastStage.get(name) ?? -Infinity) < STAGE_INTERVAL_MS) return;
      lastStage.set(name, now);
      send({ kind: 'stage', stage: name, done, total });
    };
    const slicer = new TimeSlicer(job.controller.signal);
    const count = indices.length;
    try {
      stage('encoding', 0, count);
      const points = await encodePoints(model, dataset, indices, slicer, (done, total) => stage('encoding', done, total));
      if (!points.codes.every(Number.isFinite)) {
        throw new Error('The model gives non-finite codes for some images (did its training diverge?).');
      }
      job.points = points;
      send({ kind: 'encoded', count, dim: points.dim });
      const { method, umap: settings, seed } = job.request;
      let quality: { trustworthiness: number; k: number; sample: number } | null = null;
      if (method === 'latent') {
        send({ kind: 'layout', epoch: 0, epochs: 0, count, coords: points.codes.slice(), varianceExplained: null });
      } else {
        let coords: Float32Array;
        if (method === 'pca') {
          const result = await pca(points.codes, points.dim, 2, slicer);
          coords = result.coords;
          send({ kind: 'layout', epoch: 0, epochs: 0, count, coords, varianceExplained: [result.explained[0]!, result.explained[1]!] });
        } else {
          coords = await umap(points.codes, points.dim, { ...settings, seed }, {
            stage: (name, done, total) => stage(name, done, total),
            layout: (layout, epoch, epochs) => send({ kind: 'layout', epoch, epochs, count, coords: layout, varianceExplained: null }),
          }, slicer);
        }
        // neighbours as the metric sees them: for cosine, among the unit-length codes
        const metric = method === 'umap' ? settings.metric : 'euclidean';
        const { value, k, sample } = await sampledTrustworthiness(searchSpace(points.codes, points.dim, metric), points.dim, coords, seed, slicer);
        quality = { trustworthiness: Math.min(1, Math.max(0, value)), k, sample };
      }
      send({ kind: 'finished', status: 'completed', seconds: (performance.now() - started) / 1000, quality });
    } catch (error) {
      const cancelled = error instanceof CancelledError;
      const message = cancelled ? 'Cancelled.' : `The projection failed: ${error instanceof Error ? error.message : String(error)}`;
      send({ kind: 'finished', status: cancelled ? 'cancelled' : 'failed', message, seconds: (performance.now() - started) / 1000, quality: null });
    } finally {
      job.running = false;
    }
  }
}
