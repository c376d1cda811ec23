/**
 * The engine's projections: one at a time (a new one cancels the one before), each encoding
 * its points, then streaming its layouts as `projectionProgress` events. The latest one's
 * points stay in memory for getProjectionPoints until the next one starts. A finished map is
 * kept in its run's folder (kept-map.ts), shown again without a refit when asked for, and
 * places new codes (map-transform.ts). Vectors loaded from an embedding file are projected
 * the same way (`startVectors`), with no run: nothing is encoded, and the caller keeps the
 * finished layout and hands it back to show it again without a fit (kept-file-map.ts).
 */
import type { EventName, EventPayload, KeptMapInfo, ProjectionPoints, ProjectionProgress, ProjectionRequest } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import type { RunModel } from '../inference/run-models';
import { encodePoints } from './encode-split';
import type { EncodedPoints } from './encode-split';
import { latestKeptMap, readKeptMap, writeKeptMap } from './kept-map';
import type { KeptMap } from './kept-map';
import { searchSpace } from './knn';
import { placeCodes } from './map-transform';
import type { MapModel } from './map-transform';
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

/** What fits a layout, for a run's codes and a file's vectors alike. */
type FitSettings = Pick<ProjectionRequest, 'method' | 'umap' | 'seed'>;

/** A finished layout of vectors given to `startVectors`: all that showing it again needs. */
export interface FittedLayout {
  /** row-major [count, 2] */
  coords: Float32Array;
  /** UMAP's epochs; 0 for PCA */
  epochs: number;
  varianceExplained: [number, number] | null;
  quality: { trustworthiness: number; k: number; sample: number } | null;
  /** PCA's mean and axes, which place new vectors */
  pca: MapModel['pca'];
}

/** A layout to show instead of fitting (`kept`), or where to hand a fitted one (`keep`). */
export interface VectorMemo {
  kept: FittedLayout | null;
  keep: (layout: FittedLayout) => Promise<void>;
}

interface Job {
  id: string;
  fit: FitSettings;
  /** what a run's projection asked for; null for an embedding file's */
  request: ProjectionRequest | null;
  datasetId: string;
  generative: boolean;
  total: number;
  controller: AbortController;
  points: EncodedPoints | null;
  running: boolean;
  /** weights that encoded the points */
  weights: string;
  /** the kept map shown instead of a fit */
  kept: KeptMap | null;
  /** set once the map is final: what places new codes on it */
  model: MapModel | null;
  /** a file's fitted layout goes here, not into a run's folder */
  keepLayout?: VectorMemo['keep'];
}

/** Settings that make two maps of one run's split the same map. */
function sameSettings(kept: KeptMap, request: ProjectionRequest): boolean {
  const a = kept.umap;
  const b = request.umap;
  const umapSame = request.method !== 'umap' || (a.nNeighbors === b.nNeighbors && a.minDist === b.minDist && a.metric === b.metric && a.epochs === b.epochs);
  return umapSame && kept.maxPoints === request.maxPoints && kept.seed === request.seed;
}

export class Projections {
  private current: Job | null = null;
  private made = 0;
  private asked = 0;

  /** `runDir` gives a run's folder, where finished maps are kept; without it none are. */
  constructor(
    private readonly loadModel: (runId: string) => Promise<RunModel>,
    private readonly emit: Emit,
    private readonly runDir?: (runId: string) => string,
  ) {}

  /** Starts a projection, cancelling the current one; its events follow. */
  async start(request: ProjectionRequest): Promise<{ projectionId: string; count: number; total: number; kept: KeptMapInfo | null }> {
    const ticket = ++this.asked;
    const run = await this.loadModel(request.runId);
    const kept = await this.findKept(request, run);
    // another start arrived while this one loaded its model: the later request wins
    if (ticket !== this.asked) throw new WorkbenchError('busy', 'A newer projection was asked for meanwhile; this one was dropped.');
    if (kept) return this.showKept(request, run, kept);
    const { model, dataset } = run;
    if (!model.encode) {
      throw new WorkbenchError('bad-request', `A ${model.kind} run has no encoder, so its images have no codes to map; pick an autoencoder run.`);
    }
    if (request.method === 'latent' && model.latentDim !== 2) {
      throw new WorkbenchError('bad-request', `The latent plane needs a 2-D latent space; this run's has ${model.latentDim} dimensions. Use PCA or UMAP.`);
    }
    const { indices, total } = splitPoints(dataset, request.split, request.maxPoints, request.seed);
    if (indices.length < 3) throw new WorkbenchError('bad-request', `The ${request.split} split has ${indices.length} images; a map needs at least 3.`);
    const imported = request.method === 'imported' ? importedCoords(request, dataset, indices, total) : null;
    // only a projection that can start replaces the current one
    const job = this.newJob(request, run, total, null);
    this.run(job, (slicer, progress) => {
      progress(0, indices.length);
      return encodePoints(run.model, run.dataset, indices, slicer, progress);
    }, imported).catch((error: unknown) => console.error(`[engine] projection ${job.id} could not report its end:`, error));
    return { projectionId: job.id, count: indices.length, total, kept: null };
  }

  /** Where the codes land on the finished map of `projectionId`, row-major [k, 2]. */
  place(projectionId: string, codes: Float32Array): { count: number; coords: Float32Array } {
    const job = this.current?.id === projectionId ? this.current : null;
    if (!job) throw new WorkbenchError('not-found', `Projection ${projectionId} is gone: a newer one replaced it.`);
    if (!job.model) throw new WorkbenchError('busy', `Projection ${projectionId} has not finished; new points are placed on a finished map.`);
    if (codes.length % job.model.dim !== 0) {
      throw new WorkbenchError('bad-request', `Codes to place must hold ${job.model.dim} values each (the map's latent size); got ${codes.length} values.`);
    }
    const coords = placeCodes(job.model, codes);
    return { count: coords.length / 2, coords };
  }

  /** Projects `vectors` (row-major [count, dim], e.g. an embedding file's), cancelling the
   * current projection; its layouts follow as for a run's codes, without an `encoded` event.
   * With `memo`, a kept layout is shown through the same events as at the end of a fit, and
   * a fitted one is handed to `memo.keep` before its `finished` event. */
  startVectors(vectors: Float32Array, dim: number, fit: FitSettings, memo?: VectorMemo): { projectionId: string; count: number; total: number; kept: null } {
    const count = vectors.length / dim;
    if (!Number.isInteger(count) || count < 3) throw new WorkbenchError('bad-request', `A map needs at least 3 vectors; this file has ${Math.floor(count)}.`);
    this.asked++;
    const job = this.addJob({ fit, request: null, datasetId: '', generative: false, total: count, weights: '', kept: null });
    const indices = Int32Array.from({ length: count }, (_, i) => i);
    const points: EncodedPoints = { indices, labels: null, errors: new Float32Array(count), codes: vectors, dim };
    if (memo?.kept) {
      this.showLayout(job, points, memo.kept);
    } else {
      job.keepLayout = memo?.keep;
      this.run(job, () => Promise.resolve(points), null).catch((error: unknown) => console.error(`[engine] projection ${job.id} could not report its end:`, error));
    }
    // kept stays null: KeptMapInfo describes a run's map, and the layout is what a fit gives
    return { projectionId: job.id, count, total: count, kept: null };
  }

  /** Shows a file's kept layout: its final layout and end, after the reply, with no fit. */
  private showLayout(job: Job, points: EncodedPoints, kept: FittedLayout): void {
    const { method, umap: settings } = job.fit;
    job.points = points;
    job.model = { method, dim: points.dim, metric: method === 'umap' ? settings.metric : 'euclidean', codes: points.codes, coords: kept.coords, pca: kept.pca };
    job.running = false;
    const count = points.indices.length;
    let seq = 0;
    const send = (body: ProgressBody): void => this.emit('projectionProgress', { ...body, projectionId: job.id, seq: seq++ } as ProjectionProgress);
    setImmediate(() => {
      if (this.current !== job) return;
      send({ kind: 'layout', epoch: kept.epochs, epochs: kept.epochs, count, coords: kept.coords.slice(), varianceExplained: kept.varianceExplained });
      send({ kind: 'finished', status: 'completed', seconds: 0, quality: kept.quality });
    });
  }

  private newJob(request: ProjectionRequest, run: RunModel, total: number, kept: KeptMap | null): Job {
    return this.addJob({ fit: request, request, datasetId: run.dataset.summary.id, generative: run.model.generative, total, weights: run.weights, kept });
  }

  private addJob(fields: Pick<Job, 'fit' | 'request' | 'datasetId' | 'generative' | 'total' | 'weights' | 'kept'>): Job {
    this.cancelCurrent();
    const job: Job = {
      id: `projection-${++this.made}-${Date.now().toString(36)}`,
      ...fields,
      controller: new AbortController(),
      points: null,
      running: true,
      model: null,
    };
    this.current = job;
    return job;
  }

  /** The kept map the request asks to show, if there is one. */
  private async findKept(request: ProjectionRequest, run: RunModel): Promise<KeptMap | null> {
    const mode = request.kept ?? 'reuse';
    if (mode === 'refit' || (mode === 'reuse' && request.method === 'imported')) return null;
    if (!this.runDir) {
      if (mode === 'latest') throw new WorkbenchError('not-found', 'No map is kept for this run yet; press Project to make one.');
      return null;
    }
    const dir = this.runDir(request.runId);
    const kept = mode === 'latest' ? await latestKeptMap(dir) : await readKeptMap(dir, request.method, request.split);
    if (kept?.datasetId !== run.dataset.summary.id) {
      if (mode === 'latest') throw new WorkbenchError('not-found', 'No map is kept for this run yet; press Project to make one.');
      return null;
    }
    // reuse shows a map of the same settings made by the same weights; otherwise it fits anew
    if (mode === 'reuse' && (!sameSettings(kept, request) || kept.weights !== run.weights)) return null;
    return kept;
  }

  /** Shows a kept map: its points, its layout and its end, with no encoding or fit. */
  private showKept(request: ProjectionRequest, run: RunModel, kept: KeptMap): { projectionId: string; count: number; total: number; kept: KeptMapInfo } {
    const shown: ProjectionRequest = { ...request, split: kept.split, method: kept.method, umap: kept.umap, maxPoints: kept.maxPoints, seed: kept.seed };
    const job = this.newJob(shown, run, kept.total, kept);
    job.points = { indices: kept.indices, labels: kept.labels, errors: kept.errors, codes: kept.model.codes, dim: kept.model.dim };
    job.model = kept.model;
    job.running = false;
    const count = kept.indices.length;
    let seq = 0;
    const send = (body: ProgressBody): void => this.emit('projectionProgress', { ...body, projectionId: job.id, seq: seq++ } as ProjectionProgress);
    // after the reply, as a fitted projection's events come
    setImmediate(() => {
      if (this.current !== job) return;
      send({ kind: 'encoded', count, dim: kept.model.dim });
      send({ kind: 'layout', epoch: kept.epochs, epochs: kept.epochs, count, coords: kept.model.coords.slice(), varianceExplained: kept.varianceExplained });
      send({ kind: 'finished', status: 'completed', seconds: 0, quality: kept.quality });
    });
    const { split, method, umap, maxPoints, seed, weights, savedAt } = kept;
    return { projectionId: job.id, count, total: kept.total, kept: { split, method, umap, maxPoints, seed, weights, savedAt, stale: weights !== run.weights } };
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
    if (!job.request) throw new WorkbenchError('bad-request', `Projection ${projectionId} maps an embedding file; its rows come from getEmbeddingRows.`);
    if (!job.points) throw new WorkbenchError('busy', `Projection ${projectionId} is still encoding its images; wait for its "encoded" event.`);
    const { indices, labels, errors, codes, dim } = job.points;
    const { runId, split, method } = job.request;
    return {
      projectionId, runId, datasetId: job.datasetId, split, method, count: indices.length, total: job.total, dim, generative: job.generative,
      indices, labels, errors, codes,
    };
  }

  /** Writes the finished map into its run's folder (a file's: hands it to its keeper); a map
   * that cannot be kept is still shown. */
  private async keep(job: Job, model: MapModel, epochs: number, varianceExplained: [number, number] | null, quality: KeptMap['quality']): Promise<void> {
    if (job.keepLayout) return job.keepLayout({ coords: model.coords, epochs, varianceExplained, quality, pca: model.pca }).catch((error: unknown) => {
      console.error(`[engine] could not keep the map of projection ${job.id}:`, error);
    });
    if (!this.runDir || !job.points || !job.request) return;
    const { runId, split, method, umap: settings, maxPoints, seed } = job.request;
    try {
      await writeKeptMap(this.runDir(runId), {
        runId, datasetId: job.datasetId, split, method, umap: settings, maxPoints, seed, total: job.total, generative: job.generative,
        weights: job.weights, savedAt: new Date().toISOString(), epochs, varianceExplained, quality,
        indices: job.points.indices, labels: job.points.labels, errors: job.points.errors, model,
      });
    } catch (error) {
      console.error(`[engine] could not keep the map of projection ${job.id}:`, error);
    }
  }

  private cancelCurrent(): void {
    if (this.current?.running) this.current.controller.abort();
  }

  /** Encodes the job's points (a run's) or takes them as given (a file's), then fits. */
  private async run(job: Job, encode: (slicer: TimeSlicer, progress: (done: number, total: number) => void) => Promise<EncodedPoints>, imported: Float32Array | null): Promise<void> {
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
    try {
      const points = await encode(slicer, (done, total) => stage('encoding', done, total));
      if (!points.codes.every(Number.isFinite)) {
        throw new Error('The model gives non-finite codes for some images (did its training diverge?).');
      }
      job.points = points;
      const count = points.indices.length;
      // a file's vectors are the points: its rows come from the embedding file, not from here
      if (job.request) send({ kind: 'encoded', count, dim: points.dim });
      const { method, umap: settings, seed } = job.fit;
      let quality: { trustworthiness: number; k: number; sample: number } | null = null;
      const metric = method === 'umap' ? settings.metric : 'euclidean';
      const fitted: MapModel = { method, dim: points.dim, metric, codes: points.codes, coords: points.codes, pca: null };
      let epochs = 0;
      let varianceExplained: [number, number] | null = null;
      if (method === 'latent') {
        send({ kind: 'layout', epoch: 0, epochs: 0, count, coords: points.codes.slice(), varianceExplained: null });
      } else {
        if (method === 'pca') {
          const result = await pca(points.codes, points.dim, 2, slicer);
          fitted.coords = result.coords;
          fitted.pca = { mean: result.mean, axes: result.axes };
          varianceExplained = [result.explained[0]!, result.explained[1]!];
        } else if (method === 'imported') {
          fitted.coords = imported!;
        } else {
          fitted.coords = await umap(points.codes, points.dim, { ...settings, seed }, {
            stage: (name, done, total) => stage(name, done, total),
            layout: (layout, epoch, total) => {
              epochs = total;
              send({ kind: 'layout', epoch, epochs: total, count, coords: layout, varianceExplained: null });
            },
          }, slicer);
        }
        if (method !== 'umap') send({ kind: 'layout', epoch: 0, epochs: 0, count, coords: fitted.coords, varianceExplained });
        // neighbours as the metric sees them: for cosine, among the unit-length codes
        const { value, k, sample } = await sampledTrustworthiness(searchSpace(points.codes, points.dim, metric), points.dim, fitted.coords, seed, slicer);
        quality = { trustworthiness: Math.min(1, Math.max(0, value)), k, sample };
      }
      job.model = fitted;
      await this.keep(job, fitted, epochs, varianceExplained, quality);
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

/** An imported layout's coordinates for the points shown: rows are the split's images in
 * dataset order, and a subset keeps its own rows. */
function importedCoords(request: ProjectionRequest, dataset: RunModel['dataset'], indices: Int32Array, total: number): Float32Array {
  const coords = request.coords!;
  if (coords.length !== 2 * total) {
    throw new WorkbenchError('bad-request', `The imported projection has ${coords.length / 2} rows but the ${request.split} split has ${total} images; give one row per image, in dataset order.`);
  }
  if (indices.length === total) return coords;
  const { indices: all } = splitPoints(dataset, request.split, total, request.seed);
  const row = new Map<number, number>();
  all.forEach((index, r) => row.set(index, r));
  const picked = new Float32Array(indices.length * 2);
  indices.forEach((index, i) => {
    const r = row.get(index)!;
    picked[2 * i] = coords[2 * r]!;
    picked[2 * i + 1] = coords[2 * r + 1]!;
  });
  return picked;
}
