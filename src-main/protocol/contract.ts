/**
 * The one contract: every request with its reply, every event. Handlers, the preload,
 * both renderer transports and the engine are all derived from these two maps.
 */
import { z } from 'zod';
import { DatasetSummary, DrawingInference, DrawingRequest, EngineInfo, EngineStatus, RunHistory, RunId, RunSummary, TrainingConfig, TrainingProgress } from './schemas';
import type { WorkbenchErrorBody } from './schemas';
import { DatasetImages, DatasetImagesRequest, DecodedImages, DecodeRequest, PlacedPoints, PlaceRequest, ProjectionId, ProjectionPoints, ProjectionProgress, ProjectionRequest, ProjectionStarted } from './projection';
import { EmbeddingId, EmbeddingOpenRequest, EmbeddingProgress, EmbeddingProjectionRequest, EmbeddingQuery, EmbeddingQueryResult, EmbeddingRows } from './projection';
import { anomalyEvents, anomalyMethods } from './anomalies';
import { datasetEvents, datasetMethods } from './datasets';
import { exportEvents, exportMethods } from './export';
import { featuresEvents, featuresMethods } from './features';
import { generateEvents, generateMethods } from './generate';

const NoParams = z.strictObject({});

/** Requests of the core: datasets, training, runs, drawing, projections. */
const coreMethods = {
  /** backend, versions and data directory */
  getInfo: { params: NoParams, result: EngineInfo },
  /** datasets the engine can open */
  listDatasets: { params: NoParams, result: z.array(DatasetSummary) },
  /** starts a run; progress arrives as `trainingProgress` events */
  startTraining: { params: TrainingConfig, result: z.strictObject({ runId: RunId }) },
  /** stops a run between two batches; `stopped` is false if it had already ended */
  stopTraining: { params: z.strictObject({ runId: RunId }), result: z.strictObject({ stopped: z.boolean() }) },
  /** holds (or releases) the training run between two batches; `paused` is the new state,
   * false when the run is not training any more */
  pauseTraining: { params: z.strictObject({ runId: RunId, paused: z.boolean() }), result: z.strictObject({ paused: z.boolean() }) },
  /** continues a stopped, interrupted or finished run from its last checkpoint, up to
   * `epochs` in total (more than it had: "continue training"); progress as for a new run */
  resumeTraining: {
    params: z.strictObject({ runId: RunId, epochs: z.number().int().min(1).max(1000).optional() }),
    result: z.strictObject({ runId: RunId }),
  },
  /** every run on disk, newest first */
  listRuns: { params: NoParams, result: z.array(RunSummary) },
  /** runs a drawing through a run's model: reconstruction, code, error, neighbours */
  inferDrawing: { params: DrawingRequest, result: DrawingInference },
  /** a run's recorded epochs and batch losses, to reopen it */
  getRunHistory: { params: z.strictObject({ runId: RunId }), result: RunHistory },
  /** deletes a run's folder; refused while it trains */
  deleteRun: { params: z.strictObject({ runId: RunId }), result: z.strictObject({ deleted: z.boolean() }) },
  /** encodes a split with a run's model and projects it to 2-D; a new projection cancels the
   * previous one; stages, points and layouts arrive as `projectionProgress` events */
  startProjection: { params: ProjectionRequest, result: ProjectionStarted },
  /** stops a projection; `cancelled` is false if it had already ended */
  cancelProjection: { params: z.strictObject({ projectionId: ProjectionId }), result: z.strictObject({ cancelled: z.boolean() }) },
  /** a projection's points: dataset indices, labels, reconstruction errors and codes */
  getProjectionPoints: { params: z.strictObject({ projectionId: ProjectionId }), result: ProjectionPoints },
  /** images of a run's dataset by index, and optionally their reconstructions */
  getDatasetImages: { params: DatasetImagesRequest, result: DatasetImages },
  /** decodes latent codes into images with a run's decoder */
  decodeLatents: { params: DecodeRequest, result: DecodedImages },
  /** places codes (a drawing's) on a finished map without refitting it: UMAP's transform,
   * exact for PCA and the latent plane */
  placeOnMap: { params: PlaceRequest, result: PlacedPoints },
  /** opens an embedding file on the engine's machine; its loading streams as
   * `embeddingProgress` events; opening another one drops the one before */
  openEmbeddingFile: { params: EmbeddingOpenRequest, result: z.strictObject({ embeddingId: EmbeddingId }) },
  /** stops loading an embedding file; `cancelled` is false if it had already ended */
  cancelEmbeddingFile: { params: z.strictObject({ embeddingId: EmbeddingId }), result: z.strictObject({ cancelled: z.boolean() }) },
  /** a loaded embedding file's words / metadata rows, for hover */
  getEmbeddingRows: { params: z.strictObject({ embeddingId: EmbeddingId }), result: EmbeddingRows },
  /** projects a loaded embedding file's vectors (PCA, UMAP), streamed as `projectionProgress`
   * events (no `encoded` event: the vectors are the points) */
  startEmbeddingProjection: { params: EmbeddingProjectionRequest, result: ProjectionStarted },
  /** a word's nearest words by cosine, or an analogy "a - b + c" */
  queryEmbedding: { params: EmbeddingQuery, result: EmbeddingQueryResult },
} as const;

/** Requests: name -> { params, result } schemas; each view's area keeps its own file. */
export const methods = {
  ...coreMethods,
  ...datasetMethods,
  ...anomalyMethods,
  ...featuresMethods,
  ...generateMethods,
  ...exportMethods,
} as const;

/** Requests answered by an area's handlers rather than the engine's core. */
export type AreaMethodName = Exclude<keyof typeof methods, keyof typeof coreMethods>;

/** Events: name -> payload schema. */
export const events = {
  trainingProgress: TrainingProgress,
  engineStatus: EngineStatus,
  projectionProgress: ProjectionProgress,
  embeddingProgress: EmbeddingProgress,
  ...datasetEvents,
  ...anomalyEvents,
  ...featuresEvents,
  ...generateEvents,
  ...exportEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller sends (defaults may be omitted). */
export type MethodParams<M extends MethodName> = z.input<Methods[M]['params']>;
/** What a handler receives, after validation and defaults. */
export type ValidParams<M extends MethodName> = z.output<Methods[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** Removes a subscription. */
export type Unsubscribe = () => void;

/** The only thing the renderer talks to; the transport (IPC or WebSocket) is hidden. */
export type WorkbenchApi = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>>;
} & {
  [E in EventName as `on${Capitalize<E>}`]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

/** What a preload action resolves to: errors travel as data because contextBridge drops
 * every property of a thrown Error except its message. */
export type BridgeReply<M extends MethodName> =
  | { ok: true; result: MethodResult<M> }
  | { ok: false; error: WorkbenchErrorBody };

/** What the preload exposes as `window.workbench`; the renderer wraps it into a WorkbenchApi. */
export type PreloadBridge = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<BridgeReply<M>>;
} & {
  [E in EventName as `on${Capitalize<E>}`]: (listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

/** Method names, for building transports by iteration. */
export const methodNames = Object.keys(methods) as MethodName[];
/** Event names, for building transports by iteration. */
export const eventNames = Object.keys(events) as EventName[];

/** `trainingProgress` -> `onTrainingProgress`. */
export function subscriberName<E extends EventName>(event: E): `on${Capitalize<E>}` {
  return `on${event[0]!.toUpperCase()}${event.slice(1)}` as `on${Capitalize<E>}`;
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
