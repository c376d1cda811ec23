/**
 * Contract of the Data view: browsing a dataset page by page, its per-class counts and its
 * mean and variance images, importing the user's files and downloading full MNIST, with
 * progress streamed as `datasetJobProgress` events. Typed arrays are checked with plain
 * loops; every size is capped.
 */
import { z } from 'zod';
import { allFiniteInRange } from './typed-arrays';
import { DatasetSummary } from './schemas';

/** Most images one getDatasetPage request returns (a few screens of the grid). */
export const MAX_PAGE_IMAGES = 512;
/** Most pixel bytes one page may carry (large colour images come in smaller pages). */
export const MAX_PAGE_BYTES = 16 * 1024 * 1024;
/** Largest side of a dataset's images. */
export const MAX_DATASET_SIDE = 256;

const DatasetId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a dataset id: lower-case letters, digits and dashes');
const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Count = z.number().int().nonnegative();
const Side = z.number().int().min(1).max(MAX_DATASET_SIDE);
const Channels = z.number().int().min(1).max(4);
const Path = z.string().min(1).max(4096);

const Indices = z.custom<Int32Array>((v) => v instanceof Int32Array && allFiniteInRange(v, 0, 2 ** 31 - 1), 'expected an Int32Array of indices');
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');
const Counts = z.custom<Int32Array>((v) => v instanceof Int32Array && v.length <= 256 && allFiniteInRange(v, 0, 2 ** 31 - 1), 'expected an Int32Array of at most 256 counts');
const UnitFloats = z.custom<Float32Array>((v) => v instanceof Float32Array && allFiniteInRange(v, 0, 1), 'expected a Float32Array of values in [0, 1]');

/** What importDataset asks for. */
export const DatasetImportRequest = z.strictObject({
  /** an IDX or NPY file, or a folder of PNG/JPEG images (one subfolder per class), on the engine's machine */
  path: Path,
  /** the name shown; the id is made from it */
  name: z.string().trim().min(1).max(64),
  /** absent: a folder is a folder, *.npy is NPY, anything else IDX */
  format: z.enum(['idx', 'npy', 'folder']).optional(),
  /** IDX/NPY: labels, one integer per image (IDX or NPY) */
  labelsPath: Path.optional(),
  /** folders: resize every image to size x size; absent keeps their (equal) size */
  size: z.number().int().min(4).max(MAX_DATASET_SIDE).optional(),
  /** NPY [N, H*W]: the image height and width (absent: square) */
  height: Side.optional(),
  width: Side.optional(),
  /** folders: keep colour (RGB) rather than greyscale */
  rgb: z.boolean().default(false),
  /** share of images that validate, chosen by a seeded shuffle */
  valFraction: z.number().min(0.01).max(0.9).default(0.1),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
});
export type DatasetImportRequest = z.output<typeof DatasetImportRequest>;

/** What downloadDataset asks for: full MNIST, from the usual mirror or another address. */
export const DatasetDownloadRequest = z.strictObject({
  datasetId: z.literal('mnist'),
  /** the folder URL holding the four .gz files; absent: LATENT_MNIST_URL or the usual mirror */
  baseUrl: z
    .string()
    .max(2000)
    .refine((u) => /^https?:\/\/[^\s]+$/.test(u) && URL.canParse(u), 'an http(s) URL')
    .optional(),
});

/** importDataset's and downloadDataset's answer: the job its events carry. */
export const DatasetJobStarted = z.strictObject({ jobId: JobId, datasetId: DatasetId });

const jobBase = { jobId: JobId, datasetId: DatasetId, seq: Count };

/** An import's or download's progress: stages with counts, then exactly one `finished`. */
export const DatasetJobProgress = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('progress'),
      ...jobBase,
      /** read: images read; scan: float values checked; download: bytes; verify: files hashed */
      stage: z.enum(['read', 'scan', 'convert', 'download', 'verify']),
      done: Count,
      total: Count,
      /** the file being read or downloaded */
      file: z.string().max(4096).optional(),
    })
    .refine((e) => e.done <= e.total, 'done must not exceed total'),
  z.strictObject({
    kind: z.literal('finished'),
    ...jobBase,
    status: z.enum(['completed', 'cancelled', 'failed']),
    /** why it failed, one sentence naming the file and the problem */
    message: z.string().max(2000).optional(),
    /** the new dataset, when completed */
    dataset: DatasetSummary.nullable(),
    seconds: z.number().nonnegative(),
  }),
]);
export type DatasetJobProgress = z.infer<typeof DatasetJobProgress>;

/** A window of a dataset's images, optionally only those of one label. */
export const DatasetPageRequest = z.strictObject({
  datasetId: DatasetId,
  /** only images with this label; null: all */
  label: z.number().int().min(0).max(255).nullable().default(null),
  /** position in the (filtered) list of the first image */
  offset: z.number().int().min(0).max(2 ** 31 - 1),
  limit: z.number().int().min(1).max(MAX_PAGE_IMAGES),
});

/** The images of a page, in order, with their dataset indices and labels. */
export const DatasetPage = z
  .strictObject({
    datasetId: DatasetId,
    label: z.number().int().min(0).max(255).nullable(),
    /** images in the (filtered) list */
    total: Count,
    offset: Count,
    count: z.number().int().min(0).max(MAX_PAGE_IMAGES),
    width: Side,
    height: Side,
    channels: Channels,
    indices: Indices,
    labels: Bytes.nullable(),
    /** uint8 pixels, row-major [count, height, width, channels] */
    images: Bytes,
  })
  .refine(
    (p) =>
      p.indices.length === p.count &&
      (p.labels === null || p.labels.length === p.count) &&
      p.images.length === p.count * p.width * p.height * p.channels &&
      p.images.length <= MAX_PAGE_BYTES,
    'indices, labels and images must hold one entry per image',
  );
export type DatasetPage = z.infer<typeof DatasetPage>;

/** What a dataset looks like in aggregate. */
export const DatasetStats = z
  .strictObject({
    datasetId: DatasetId,
    count: Count,
    width: Side,
    height: Side,
    channels: Channels,
    /** images per label value (index = label); null when unlabelled */
    classCounts: Counts.nullable(),
    /** the same for the training and validation split */
    trainClassCounts: Counts.nullable(),
    valClassCounts: Counts.nullable(),
    /** per-pixel mean intensity in [0, 1], row-major [height, width, channels] */
    mean: UnitFloats,
    /** per-pixel variance (intensity in [0, 1], so at most 0.25) */
    variance: UnitFloats,
  })
  .refine((s) => s.mean.length === s.width * s.height * s.channels && s.variance.length === s.mean.length, 'mean and variance must hold one value per pixel');
export type DatasetStats = z.infer<typeof DatasetStats>;

/** Requests of this area: name -> { params, result } schemas (merged into the contract). */
export const datasetMethods = {
  /** converts the user's files into a new dataset; progress arrives as `datasetJobProgress` */
  importDataset: { params: DatasetImportRequest, result: DatasetJobStarted },
  /** downloads full MNIST (verified by SHA-256, resumable); progress as for an import */
  downloadDataset: { params: DatasetDownloadRequest, result: DatasetJobStarted },
  /** cancels an import or download; `cancelled` is false when it had already ended */
  cancelDatasetJob: { params: z.strictObject({ jobId: JobId }), result: z.strictObject({ cancelled: z.boolean() }) },
  /** a page of a dataset's images (the browser asks only for the rows it shows) */
  getDatasetPage: { params: DatasetPageRequest, result: DatasetPage },
  /** per-class counts, mean and variance images */
  getDatasetStats: { params: z.strictObject({ datasetId: DatasetId }), result: DatasetStats },
  /** remembers the folder holding Fashion-MNIST's four IDX files (when it is not where Debian puts it) */
  setFashionMnistFolder: { params: z.strictObject({ path: Path }), result: DatasetSummary },
  /** deletes an imported dataset's cache; built-in datasets cannot be deleted */
  deleteDataset: { params: z.strictObject({ datasetId: DatasetId }), result: z.strictObject({ deleted: z.boolean() }) },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const datasetEvents = {
  datasetJobProgress: DatasetJobProgress,
} as const satisfies Record<string, z.ZodType>;
