/**
 * Runtime schemas for every object that crosses a process boundary. Types are inferred
 * from them, so the type and the check can never drift apart.
 */
import { z } from 'zod';
import { hasImageLength, isFiniteFloats, isUnitPixels } from './typed-arrays';

/** Compute backends in the engine's order of preference. */
export const BackendName = z.enum(['node-gpu', 'node', 'wasm', 'cpu']);
export type BackendName = z.infer<typeof BackendName>;

/** Model families the engine can train. */
export const ModelKind = z.enum(['dense-ae', 'conv-ae', 'vae', 'conv-vae', 'dcgan', 'aae']);
export type ModelKind = z.infer<typeof ModelKind>;

/** What the engine says about itself: backend, why it was chosen, versions, data dir. */
export const EngineInfo = z.strictObject({
  /** the backend in use */
  backend: BackendName,
  /** a sentence saying why this backend, naming what was tried before it */
  reason: z.string(),
  /** versions of node, tfjs, the backend package and the app */
  versions: z.record(z.string(), z.string()),
  /** where datasets are cached and runs are written */
  dataDir: z.string(),
  /** the engine's OS process id, added by the host (diagnostics, crash tests) */
  enginePid: z.number().int().positive().optional(),
  /** the engine process's memory when it answered (diagnostics, the soak test) */
  memory: z
    .strictObject({
      rssBytes: z.number().int().nonnegative(),
      heapUsedBytes: z.number().int().nonnegative(),
      /** live TensorFlow.js tensors */
      numTensors: z.number().int().nonnegative(),
      /** open handles and requests (sockets, timers, files) */
      activeResources: z.number().int().nonnegative(),
    })
    .optional(),
});
export type EngineInfo = z.infer<typeof EngineInfo>;

/** A dataset the engine can open. */
export const DatasetSummary = z.strictObject({
  /** stable id, e.g. "mnist-10k" */
  id: z.string(),
  /** human name */
  name: z.string(),
  /** number of images */
  count: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  channels: z.number().int().positive(),
  /** sizes of the canonical split */
  trainCount: z.number().int().nonnegative(),
  valCount: z.number().int().nonnegative(),
  /** where it comes from, for the UI */
  source: z.string(),
  /** what each label value means (index = label), when the dataset has named classes */
  classNames: z.array(z.string()).optional(),
  /** how the images divide into train and validation: every fifth validates (mnist-10k), the
   * published train/test parts, or a seeded random share (imports) */
  split: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('every-fifth') }),
      z.strictObject({ kind: z.literal('published') }),
      z.strictObject({ kind: z.literal('random'), seed: z.number().int().min(0).max(2 ** 32 - 1), valFraction: z.number().min(0).max(0.9) }),
    ])
    .optional(),
  /** where it lives: bundled with the app, found on this machine, downloaded, or imported */
  origin: z.enum(['bundled', 'system', 'download', 'import']).optional(),
  /** whether the images carry labels */
  labeled: z.boolean().optional(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

/** Input corruption of a denoising autoencoder: Gaussian (amount = standard deviation,
 * pixels clipped to [0, 1]) or masking (amount = probability a pixel is zeroed). */
export const NoiseConfig = z.strictObject({
  kind: z.enum(['gaussian', 'masking']),
  amount: z.number().gt(0).max(1),
});
export type NoiseConfig = z.infer<typeof NoiseConfig>;

/** Settings of one training run; defaults are the reference settings of DESIGN.md. */
export const TrainingConfig = z.strictObject({
  datasetId: z.string().min(1).max(64),
  model: ModelKind,
  epochs: z.number().int().min(1).max(1000).default(10),
  batchSize: z.number().int().min(1).max(4096).default(128),
  learningRate: z.number().gt(0).max(1).default(1e-3),
  /** size of the code; absent means the model's reference size (DESIGN.md) */
  latentDim: z.number().int().min(2).max(256).optional(),
  /** caps the training set, for quick trials and tests; absent means all of it */
  maxTrainSamples: z.number().int().min(1).optional(),
  /** seeds weight init and shuffling so runs can be repeated */
  seed: z.number().int().nonnegative().default(1),
  /** VAEs: weight of the KL term (1 = the true ELBO) */
  beta: z.number().min(0).max(100).default(1),
  /** VAEs: epochs over which the KL weight rises linearly from 0 to beta; 0 = none */
  klWarmupEpochs: z.number().int().min(0).max(1000).default(0),
  /** AEs: train as a denoising autoencoder; absent = clean inputs */
  noise: NoiseConfig.optional(),
  /** AAE: weight of an adversarial loss on reconstructions (a GAN as a modified
   * reconstruction loss); 0 = the plain AAE */
  imageAdversarialWeight: z.number().min(0).max(100).default(0),
  /** train only on these labels (one-class training); absent = every class */
  classes: z
    .array(z.number().int().min(0).max(255))
    .min(1)
    .max(256)
    .refine((c) => new Set(c).size === c.length, 'classes must not repeat')
    .optional(),
});
/** A run's settings after defaults are applied. */
export type TrainingConfig = z.output<typeof TrainingConfig>;
/** What a caller may send: fields with defaults may be left out. */
export type TrainingConfigInput = z.input<typeof TrainingConfig>;

const RunId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const progressBase = { runId: RunId, seq: z.number().int().nonnegative() };

/** Named metric values, e.g. { loss, recon, kl } for a VAE; `loss` is always present. */
const MetricValues = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/), z.number());

/** Training progress, streamed as deltas (one batch, one epoch), never as history. */
export const TrainingProgress = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('started'),
    ...progressBase,
    config: TrainingConfig,
    trainCount: z.number().int().nonnegative(),
    valCount: z.number().int().nonnegative(),
    batchesPerEpoch: z.number().int().positive(),
    backend: BackendName,
    /** metric names the run reports, headline `loss` first */
    metricNames: z.array(z.string()).min(1),
    /** epochs already done when a resumed run starts again; 0 for a fresh run */
    startEpoch: z.number().int().nonnegative(),
  }),
  z.strictObject({
    kind: z.literal('batch'),
    ...progressBase,
    /** 1-based epoch and batch within it */
    epoch: z.number().int().positive(),
    batch: z.number().int().positive(),
    batchesPerEpoch: z.number().int().positive(),
    epochs: z.number().int().positive(),
    /** global step, 1-based */
    step: z.number().int().positive(),
    /** mean loss of the latest batch */
    loss: z.number(),
    /** every metric of the latest batch */
    metrics: MetricValues,
    samplesPerSec: z.number().nonnegative(),
    /** estimated seconds until the run ends */
    etaSec: z.number().nonnegative(),
  }),
  z.strictObject({
    kind: z.literal('epoch'),
    ...progressBase,
    epoch: z.number().int().positive(),
    epochs: z.number().int().positive(),
    step: z.number().int().positive(),
    /** mean training loss over the epoch */
    trainLoss: z.number(),
    /** loss on the whole validation split */
    valLoss: z.number(),
    /** every metric, averaged over the epoch / the validation split */
    trainMetrics: MetricValues,
    valMetrics: MetricValues,
    seconds: z.number().nonnegative(),
  }),
  z
    .strictObject({
      kind: z.literal('reconstructions'),
      ...progressBase,
      epoch: z.number().int().positive(),
      count: z.number().int().positive().max(256),
      width: z.number().int().positive().max(256),
      height: z.number().int().positive().max(256),
      /** validation images, row-major, in [0, 1] */
      originals: z.custom<Float32Array>(isUnitPixels, 'expected a Float32Array of finite values in [0, 1]'),
      /** the model's reconstructions of `originals` */
      reconstructions: z.custom<Float32Array>(isUnitPixels, 'expected a Float32Array of finite values in [0, 1]'),
    })
    .refine(
      (r) =>
        hasImageLength(r.originals, r.count, r.width, r.height) &&
        hasImageLength(r.reconstructions, r.count, r.width, r.height),
      'image arrays must hold count x width x height values',
    ),
  z
    .strictObject({
      kind: z.literal('samples'),
      ...progressBase,
      epoch: z.number().int().positive(),
      count: z.number().int().positive().max(256),
      width: z.number().int().positive().max(256),
      height: z.number().int().positive().max(256),
      /** decodes of the run's fixed noise vectors, row-major, in [0, 1]: the same codes every
       * epoch, so the grids compare from epoch to epoch */
      images: z.custom<Float32Array>(isUnitPixels, 'expected a Float32Array of finite values in [0, 1]'),
    })
    .refine((r) => hasImageLength(r.images, r.count, r.width, r.height), 'images must hold count x width x height values'),
  z.strictObject({
    kind: z.literal('paused'),
    ...progressBase,
    /** true when the run has just paused, false when it has just resumed */
    paused: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('finished'),
    ...progressBase,
    status: z.enum(['completed', 'stopped', 'failed']),
    /** why a run failed or stopped, in words a user can act on */
    message: z.string().optional(),
    epochsDone: z.number().int().nonnegative(),
    /** last validation loss, null before the first epoch ends */
    valLoss: z.number().nullable(),
  }),
]);
export type TrainingProgress = z.infer<typeof TrainingProgress>;

/** How a run stands: "interrupted" is a run whose process died (crash, kill) mid-run. */
export const RunStatus = z.enum(['running', 'completed', 'stopped', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

/** One run as the Runs list shows it. */
export const RunSummary = z.strictObject({
  runId: RunId,
  model: ModelKind,
  datasetId: z.string(),
  status: RunStatus,
  message: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  config: TrainingConfig,
  latentDim: z.number().int().positive(),
  epochsDone: z.number().int().nonnegative(),
  valLoss: z.number().nullable(),
  best: z.strictObject({ epoch: z.number().int().positive(), valLoss: z.number() }).nullable(),
  /** epochs of the last checkpoint, null when none was written; resuming starts there */
  checkpointEpoch: z.number().int().nonnegative().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

const UnitPixels = z.custom<Float32Array>(isUnitPixels, 'expected a Float32Array of finite values in [0, 1]');
const FiniteFloats = z.custom<Float32Array>(isFiniteFloats, 'expected a Float32Array of finite values');

/** One drawing to run through a trained model (the Draw view, at every stroke). */
export const DrawingRequest = z.strictObject({
  runId: RunId,
  /** the image as the model sees it (e.g. 28x28), row-major, in [0, 1] */
  pixels: UnitPixels.refine((p) => p.length > 0 && p.length <= 256 * 256 * 4, 'expected at most 256x256x4 pixels'),
  /** how many nearest training images (in latent space) to return */
  neighbours: z.number().int().min(0).max(64).default(8),
  /** how many decodes around the drawing's code to return (generative models) */
  samples: z.number().int().min(0).max(64).default(8),
});

/** What the model makes of a drawing. */
export const DrawingInference = z.strictObject({
  reconstruction: UnitPixels,
  latent: FiniteFloats,
  /** mean binary cross-entropy per pixel between drawing and reconstruction */
  error: z.number().nonnegative(),
  /** 0..100: share of validation images this model reconstructs better than the drawing */
  percentile: z.number().min(0).max(100),
  neighbours: z.array(
    z.strictObject({
      /** index in the dataset */
      index: z.number().int().nonnegative(),
      label: z.number().int().nonnegative().nullable(),
      /** Euclidean distance in latent space */
      distance: z.number().nonnegative(),
      pixels: UnitPixels,
    }),
  ),
  /** decodes of codes near the drawing's (empty for non-generative models) */
  samples: z.array(UnitPixels),
  /** which weights answered: the live training model, or a checkpoint's epoch */
  weights: z.string(),
});

/** A run's recorded history, for reopening it: every epoch, and the batch losses thinned
 * to at most a few thousand points. */
export const RunHistory = z.strictObject({
  run: RunSummary,
  epochs: z.array(
    z.strictObject({
      epoch: z.number().int().positive(),
      step: z.number().int().nonnegative(),
      trainLoss: z.number(),
      valLoss: z.number(),
      trainMetrics: MetricValues,
      valMetrics: MetricValues,
      seconds: z.number().nonnegative(),
    }),
  ),
  /** [step, loss] pairs in step order */
  batches: z.array(z.tuple([z.number().int().nonnegative(), z.number()])),
});
export type RunHistory = z.infer<typeof RunHistory>;

/** The engine's state, as the status bar shows it. */
export const EngineStatus = z.strictObject({
  state: z.enum(['starting', 'ready', 'training', 'restarting', 'failed']),
  /** a sentence for the status bar */
  detail: z.string(),
  /** the run in progress, if any */
  runId: RunId.nullable(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;

/** Error codes a reply can carry. */
export const ErrorCode = z.enum([
  'bad-request',
  'unknown-method',
  'busy',
  'not-found',
  'engine-unavailable',
  'timeout',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** An error reply's body. */
export const WorkbenchErrorBody = z.strictObject({ code: ErrorCode, message: z.string() });
export type WorkbenchErrorBody = z.infer<typeof WorkbenchErrorBody>;

export { RunId };
