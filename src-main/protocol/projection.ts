/**
 * The latent explorer's part of the contract: projections of a run's encoded dataset (PCA,
 * UMAP, the raw 2-D latent plane), their streamed layouts, per-point data, images by index
 * and decodes of latent codes. Typed arrays are checked with plain loops; every size is
 * capped, because a hostile client can send any length.
 */
import { z } from 'zod';
import { allFiniteInRange } from './typed-arrays';
import { RunId } from './schemas';

/** Most points one projection holds: Fashion-MNIST's train and test splits together. */
export const MAX_PROJECTION_POINTS = 70_000;
/** Most images one getDatasetImages request returns (a selection grid's page). */
export const MAX_IMAGES_PER_REQUEST = 512;
/** Most codes one decodeLatents request decodes (an interpolation strip, a manifold grid). */
export const MAX_DECODES_PER_REQUEST = 256;
/** Largest latent size a run can have (TrainingConfig.latentDim). */
export const MAX_LATENT_DIM = 256;
/** Largest magnitude accepted in a code to decode: far beyond any trained latent space. */
export const MAX_LATENT_MAGNITUDE = 1e6;

/** True for an Int32Array of dataset indices: no value below 0. */
export function isIndexArray(value: unknown): value is Int32Array {
  return value instanceof Int32Array && allFiniteInRange(value, 0, 2 ** 31 - 1);
}

/** True for a Float32Array whose values are all finite and within ±`magnitude`. */
export function isBoundedFloats(value: unknown, magnitude: number): value is Float32Array {
  return value instanceof Float32Array && allFiniteInRange(value, -magnitude, magnitude);
}

const ProjectionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Count = z.number().int().min(0).max(MAX_PROJECTION_POINTS);
const Dim = z.number().int().min(1).max(MAX_LATENT_DIM);
const Side = z.number().int().min(1).max(256);
const Channels = z.number().int().min(1).max(4);

const Indices = z.custom<Int32Array>(isIndexArray, 'expected an Int32Array of non-negative indices');
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');
const FiniteFloats = z.custom<Float32Array>((v) => isBoundedFloats(v, Number.MAX_VALUE), 'expected a Float32Array of finite values');
const Errors = z.custom<Float32Array>((v) => v instanceof Float32Array && allFiniteInRange(v, 0, Number.MAX_VALUE), 'expected a Float32Array of finite values >= 0');

/** Which images to encode: the canonical split's training or validation part, or both. */
export const ProjectionSplit = z.enum(['train', 'validation', 'both']);
export type ProjectionSplit = z.infer<typeof ProjectionSplit>;

/** How codes become 2-D: PCA, UMAP, (2-D latents only) the codes themselves, or a layout
 * computed elsewhere and imported. */
export const ProjectionMethod = z.enum(['pca', 'umap', 'latent', 'imported']);
export type ProjectionMethod = z.infer<typeof ProjectionMethod>;

/** UMAP's settings, named as in umap-learn. */
export const UmapSettings = z.strictObject({
  /** neighbours per point in the kNN graph: small keeps local detail, large global shape */
  nNeighbors: z.number().int().min(2).max(100).default(15),
  /** how tightly points may pack in the layout */
  minDist: z.number().min(0).max(1).default(0.1),
  /** distance between codes */
  metric: z.enum(['euclidean', 'cosine']).default('euclidean'),
  /** optimisation epochs; absent: chosen for the number of points */
  epochs: z.number().int().min(10).max(2000).optional(),
});
export type UmapSettings = z.output<typeof UmapSettings>;

/** What startProjection asks for. */
export const ProjectionRequest = z.strictObject({
  runId: RunId,
  split: ProjectionSplit.default('validation'),
  method: ProjectionMethod.default('pca'),
  umap: UmapSettings.prefault({}),
  /** at most this many points, a seeded random subset when the split has more */
  maxPoints: z.number().int().min(16).max(MAX_PROJECTION_POINTS).default(MAX_PROJECTION_POINTS),
  /** seeds the subset and UMAP, so a projection repeats exactly */
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** the map kept with the run: `reuse` (also when absent) shows the kept map of these
   * settings if the current weights made it (else fits and keeps a new one), `refit` always
   * fits and keeps, `latest` shows the run's most recently kept map whatever its settings
   * (not-found without one) */
  kept: z.enum(['reuse', 'refit', 'latest']).optional(),
  /** method `imported` only: x, y per image of the split, in dataset order */
  coords: z
    .custom<Float32Array>(
      (v) => v instanceof Float32Array && v.length >= 6 && v.length <= 2 * MAX_PROJECTION_POINTS && isBoundedFloats(v, Number.MAX_VALUE),
      `expected a Float32Array of 3 to ${MAX_PROJECTION_POINTS} finite x, y pairs`,
    )
    .optional(),
}).refine((r) => (r.method === 'imported') === (r.coords !== undefined), 'coords go with the imported method, and only with it');
export type ProjectionRequest = z.output<typeof ProjectionRequest>;

/** A kept map: what it was made with and when. */
export const KeptMapInfo = z.strictObject({
  split: ProjectionSplit,
  method: ProjectionMethod,
  umap: UmapSettings,
  maxPoints: z.number().int().min(16).max(MAX_PROJECTION_POINTS),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  /** the weights that encoded it, e.g. "checkpoint best (epoch 7)" */
  weights: z.string().max(200),
  /** ISO time it was kept */
  savedAt: z.string().max(40),
  /** the run's weights have changed since: Recompute to see the current model's map */
  stale: z.boolean(),
});
export type KeptMapInfo = z.infer<typeof KeptMapInfo>;

/** startProjection's answer: the id its events and data carry. */
export const ProjectionStarted = z.strictObject({
  projectionId: ProjectionId,
  /** points that will be projected */
  count: Count,
  /** images in the split; more than `count` when a subset is shown */
  total: z.number().int().nonnegative(),
  /** the kept map shown instead of a new fit; null when it is fitted now */
  kept: KeptMapInfo.nullable(),
});

const progressBase = { projectionId: ProjectionId, seq: z.number().int().nonnegative() };

/** A projection's progress, streamed: stages, then the points, then layouts, then the end. */
export const ProjectionProgress = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('stage'),
      ...progressBase,
      /** encoding images, finding nearest neighbours, building UMAP's graph */
      stage: z.enum(['encoding', 'neighbours', 'graph']),
      done: z.number().int().nonnegative(),
      total: z.number().int().positive(),
    })
    .refine((e) => e.done <= e.total, 'done must not exceed total'),
  z.strictObject({
    kind: z.literal('encoded'),
    ...progressBase,
    /** the per-point data (getProjectionPoints) is ready */
    count: Count,
    dim: Dim,
  }),
  z
    .strictObject({
      kind: z.literal('layout'),
      ...progressBase,
      /** UMAP epochs done of `epochs`; 0 of 0 for PCA and the latent plane */
      epoch: z.number().int().nonnegative(),
      epochs: z.number().int().nonnegative(),
      count: Count,
      /** x, y per point, in the order of getProjectionPoints' indices */
      coords: FiniteFloats,
      /** PCA: the share of variance each axis explains; null for other methods */
      varianceExplained: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).nullable(),
    })
    .refine((e) => e.coords.length === e.count * 2 && e.epoch <= e.epochs, 'coords must hold count x 2 values'),
  z.strictObject({
    kind: z.literal('finished'),
    ...progressBase,
    status: z.enum(['completed', 'cancelled', 'failed']),
    /** why it failed or was cancelled, in words a user can act on */
    message: z.string().max(2000).optional(),
    /** seconds from start to end */
    seconds: z.number().nonnegative(),
    /** how well the finished map keeps latent neighbourhoods: trustworthiness at k neighbours
     * on a sample of points; null for the latent plane (exact) and unfinished maps */
    quality: z
      .strictObject({ trustworthiness: z.number().min(0).max(1), k: z.number().int().positive(), sample: z.number().int().positive() })
      .nullable(),
  }),
]);
export type ProjectionProgress = z.infer<typeof ProjectionProgress>;

/** Every encoded point of a projection, index-aligned with its layouts. */
export const ProjectionPoints = z
  .strictObject({
    projectionId: ProjectionId,
    runId: RunId,
    datasetId: z.string().max(64),
    split: ProjectionSplit,
    method: ProjectionMethod,
    count: Count,
    /** images in the split (count < total when a subset is shown) */
    total: z.number().int().nonnegative(),
    dim: Dim,
    /** whether the run's model decodes prior samples into images worth showing (VAE, AAE) */
    generative: z.boolean(),
    /** each point's index in the dataset */
    indices: Indices,
    /** each point's label, null for an unlabelled dataset */
    labels: Bytes.nullable(),
    /** each point's reconstruction error: mean binary cross-entropy per pixel */
    errors: Errors,
    /** codes, row-major [count, dim] */
    codes: FiniteFloats,
  })
  .refine(
    (p) =>
      p.indices.length === p.count &&
      (p.labels === null || p.labels.length === p.count) &&
      p.errors.length === p.count &&
      p.codes.length === p.count * p.dim,
    'indices, labels, errors and codes must hold one entry (codes: dim values) per point',
  );
export type ProjectionPoints = z.infer<typeof ProjectionPoints>;

/** Images of a run's dataset by index, for tooltips and selection grids. */
export const DatasetImagesRequest = z.strictObject({
  runId: RunId,
  // the length is checked before the values, so a huge array costs nothing
  indices: z.custom<Int32Array>(
    (v) => v instanceof Int32Array && v.length >= 1 && v.length <= MAX_IMAGES_PER_REQUEST && isIndexArray(v),
    `expected an Int32Array of 1 to ${MAX_IMAGES_PER_REQUEST} non-negative indices`,
  ),
  /** also run them through the model */
  reconstructions: z.boolean().default(false),
});

/** Images as bytes (0..255), row-major [count, height, width, channels]. */
const ImageBatch = {
  count: z.number().int().min(0).max(MAX_IMAGES_PER_REQUEST),
  width: Side,
  height: Side,
  channels: Channels,
};

/** The images asked for, in request order, and their reconstructions when asked. */
export const DatasetImages = z
  .strictObject({
    ...ImageBatch,
    images: Bytes,
    reconstructions: Bytes.nullable(),
  })
  .refine((r) => {
    const size = r.count * r.width * r.height * r.channels;
    return r.images.length === size && (r.reconstructions === null || r.reconstructions.length === size);
  }, 'images must hold count x width x height x channels bytes');

/** Latent codes to decode into images with a run's decoder. */
export const DecodeRequest = z.strictObject({
  runId: RunId,
  /** codes, row-major [k, latentDim] */
  codes: z.custom<Float32Array>(
    (v) =>
      v instanceof Float32Array &&
      v.length >= 1 &&
      v.length <= MAX_DECODES_PER_REQUEST * MAX_LATENT_DIM &&
      isBoundedFloats(v, MAX_LATENT_MAGNITUDE),
    `expected a Float32Array of 1 to ${MAX_DECODES_PER_REQUEST} codes with finite values within ±${MAX_LATENT_MAGNITUDE}`,
  ),
});

/** The decodes, one image per code. */
export const DecodedImages = z
  .strictObject({ ...ImageBatch, images: Bytes })
  .refine((r) => r.images.length === r.count * r.width * r.height * r.channels, 'images must hold count x width x height x channels bytes');

/** Codes to place on a finished map without refitting it (a drawing, an imported image). */
export const PlaceRequest = z.strictObject({
  projectionId: ProjectionId,
  /** codes, row-major [k, the projection's dim] */
  codes: z.custom<Float32Array>(
    (v) => v instanceof Float32Array && v.length >= 1 && v.length <= MAX_IMAGES_PER_REQUEST * MAX_LATENT_DIM && isBoundedFloats(v, MAX_LATENT_MAGNITUDE),
    `expected a Float32Array of 1 to ${MAX_IMAGES_PER_REQUEST} codes with finite values within ±${MAX_LATENT_MAGNITUDE}`,
  ),
});

/** Where the codes land: x, y per code, in the map's coordinates. */
export const PlacedPoints = z
  .strictObject({ count: z.number().int().min(1).max(MAX_IMAGES_PER_REQUEST), coords: FiniteFloats })
  .refine((r) => r.coords.length === r.count * 2, 'coords must hold count x 2 values');

/** Largest vector an embedding file may hold (GloVe's and word2vec's 300-D fit). */
export const MAX_EMBEDDING_DIM = 1024;
/** Longest label or metadata cell sent to a client; longer ones are cut. */
export const MAX_LABEL_CHARS = 200;
/** Most metadata columns an embedding file's metadata may have. */
export const MAX_METADATA_COLUMNS = 32;
/** Most neighbours a word query lists. */
export const MAX_QUERY_MATCHES = 100;

const EmbeddingId = z.string().regex(/^embedding-[A-Za-z0-9_-]{1,64}$/);
const FilePath = z.string().trim().min(1, 'give the path of a file on the engine\'s machine').max(4096);
const Cell = z.string().max(MAX_LABEL_CHARS);

/** An embedding file to open: a path on the engine's machine, read there (serve mode's
 * browser runs on the same machine); `.npy`, a Projector `vectors.tsv`, else GloVe/word2vec text. */
export const EmbeddingOpenRequest = z.strictObject({
  path: FilePath,
  /** Projector TSV only: its metadata.tsv when it is not beside the vectors */
  metadataPath: FilePath.optional(),
});

/** An opened embedding file's loading, streamed: lines parsed, then its end. */
export const EmbeddingProgress = z.discriminatedUnion('kind', [
  z
    .strictObject({ kind: z.literal('reading'), embeddingId: EmbeddingId, done: z.number().int().nonnegative(), total: z.number().int().positive() })
    .refine((e) => e.done <= e.total, 'done must not exceed total'),
  z.strictObject({
    kind: z.literal('loaded'),
    embeddingId: EmbeddingId,
    /** the file's name, for titles */
    name: z.string().max(255),
    count: z.number().int().min(1).max(MAX_PROJECTION_POINTS),
    dim: z.number().int().min(1).max(MAX_EMBEDDING_DIM),
    /** rows carry words (GloVe/word2vec) or metadata labels: word queries apply */
    labelled: z.boolean(),
    seconds: z.number().nonnegative(),
  }),
  z.strictObject({
    kind: z.enum(['failed', 'cancelled']),
    embeddingId: EmbeddingId,
    /** why, in a sentence the user can act on */
    message: z.string().max(2000),
  }),
]);
export type EmbeddingProgress = z.infer<typeof EmbeddingProgress>;

/** A loaded file's rows as hover shows them: the label (word) and metadata row per point. */
export const EmbeddingRows = z
  .strictObject({
    embeddingId: EmbeddingId,
    count: z.number().int().min(1).max(MAX_PROJECTION_POINTS),
    dim: z.number().int().min(1).max(MAX_EMBEDDING_DIM),
    /** one per row, or null for a file without words or metadata */
    labels: z.array(Cell).max(MAX_PROJECTION_POINTS).nullable(),
    /** Projector metadata: column names and one row of cells per point */
    metadata: z
      .strictObject({
        columns: z.array(Cell).min(1).max(MAX_METADATA_COLUMNS),
        rows: z.array(z.array(Cell).max(MAX_METADATA_COLUMNS)).max(MAX_PROJECTION_POINTS),
      })
      .nullable(),
  })
  .refine(
    (r) => (r.labels === null || r.labels.length === r.count) && (r.metadata === null || (r.metadata.rows.length === r.count && r.metadata.rows.every((row) => row.length === r.metadata!.columns.length))),
    'labels and metadata must hold one row per point',
  );
export type EmbeddingRows = z.infer<typeof EmbeddingRows>;

/** A projection of a loaded embedding file, fitted exactly as a run's codes are. */
export const EmbeddingProjectionRequest = z.strictObject({
  embeddingId: EmbeddingId,
  method: z.enum(['pca', 'umap']).default('pca'),
  umap: UmapSettings.prefault({}),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
});

/** A word query: one word (its nearest words by cosine) or "a - b + c" (an analogy). */
export const EmbeddingQuery = z.strictObject({
  embeddingId: EmbeddingId,
  query: z.string().trim().min(1, 'type a word, or an analogy like "king - man + woman"').max(400),
  k: z.number().int().min(1).max(MAX_QUERY_MATCHES).default(10),
});

/** The query's answer: the words it used and the nearest rows, best first. */
export const EmbeddingQueryResult = z.strictObject({
  kind: z.enum(['neighbours', 'analogy']),
  /** rows of the query's own words */
  queryIndices: z.array(z.number().int().min(0).max(MAX_PROJECTION_POINTS - 1)).max(64),
  matches: z
    .array(z.strictObject({ index: z.number().int().min(0).max(MAX_PROJECTION_POINTS - 1), label: Cell, similarity: z.number().min(-1.0001).max(1.0001) }))
    .max(MAX_QUERY_MATCHES),
});
export type EmbeddingQueryResult = z.infer<typeof EmbeddingQueryResult>;

export { EmbeddingId, ProjectionId };
