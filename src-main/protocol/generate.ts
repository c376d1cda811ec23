/**
 * Contract of the Generate view: sampling from a generative run's prior, encoding dataset
 * images (interpolation and arithmetic endpoints), per-dimension usage with label-group
 * means, the fixed-noise grids recorded during training, and the class balance of samples
 * judged by a classifier of the dataset. Decoding arbitrary codes is the
 * core `decodeLatents`. Typed arrays are checked with plain loops; every size is capped.
 */
import { z } from 'zod';
import { MAX_DECODES_PER_REQUEST, MAX_LATENT_DIM, isBoundedFloats, isIndexArray } from './projection';
import { RunId } from './schemas';
import { allFiniteInRange } from './typed-arrays';

/** Most codes one sampleLatents or encodeImages request returns (one decode batch). */
export const MAX_GENERATE_COUNT = MAX_DECODES_PER_REQUEST;
/** Highest prior temperature (scale of the prior's standard deviation) a request may ask for. */
export const MAX_TEMPERATURE = 5;
/** Largest side of a recorded fixed-noise grid image. */
export const MAX_GRID_SIDE = 4096;
/** Most label groups getLatentStats reports. */
export const MAX_LABEL_GROUPS = 256;

const Dim = z.number().int().min(1).max(MAX_LATENT_DIM);
const Side = z.number().int().min(1).max(256);
const Channels = z.number().int().min(1).max(4);
const Count = z.number().int().min(1).max(MAX_GENERATE_COUNT);
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');
const Codes = z.custom<Float32Array>((v) => isBoundedFloats(v, Number.MAX_VALUE), 'expected a Float32Array of finite values');
const NonNegativeFloats = z.custom<Float32Array>((v) => v instanceof Float32Array && allFiniteInRange(v, 0, Number.MAX_VALUE), 'expected a Float32Array of finite values >= 0');

/** Codes drawn from N(0, temperature² I) and their decodes. */
export const SampleRequest = z.strictObject({
  runId: RunId,
  count: Count.default(16),
  /** the same seed draws the same codes (at any temperature, scaled) */
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** scale of the prior's standard deviation: below 1 sharper, typical samples; above 1 wilder ones */
  temperature: z.number().min(0).max(MAX_TEMPERATURE).default(1),
});
export type SampleRequest = z.output<typeof SampleRequest>;

const codedShape = {
  count: z.number().int().min(0).max(MAX_GENERATE_COUNT),
  dim: Dim,
  codes: Codes,
  width: Side,
  height: Side,
  channels: Channels,
  images: Bytes,
};

/** Codes, row-major [count, dim], with one decoded image each (bytes, [count, h, w, c]). */
export const CodedImages = z
  .strictObject(codedShape)
  .refine(
    (r) => r.codes.length === r.count * r.dim && r.images.length === r.count * r.width * r.height * r.channels,
    'codes must hold count x dim values and images count x width x height x channels bytes',
  );
export type CodedImages = z.output<typeof CodedImages>;

/** Dataset images to encode, by index. */
export const EncodeRequest = z.strictObject({
  runId: RunId,
  // the length is checked before the values, so a huge array costs nothing
  indices: z.custom<Int32Array>(
    (v) => v instanceof Int32Array && v.length >= 1 && v.length <= MAX_GENERATE_COUNT && isIndexArray(v),
    `expected an Int32Array of 1 to ${MAX_GENERATE_COUNT} non-negative indices`,
  ),
});

/** The images' codes (the mean code for VAEs), the images themselves and their labels. */
export const EncodedImages = z
  .strictObject({
    ...codedShape,
    /** one label per image, null for an unlabelled dataset */
    labels: Bytes.nullable(),
  })
  .refine(
    (r) =>
      r.codes.length === r.count * r.dim &&
      r.images.length === r.count * r.width * r.height * r.channels &&
      (r.labels === null || r.labels.length === r.count),
    'codes, images and labels must hold one entry per image',
  );

/** How latent dimensions are ranked: the variance of the (mean) codes over validation images
 * (a VAE's "active units" statistic; an AAE's code spread), or not at all (a GAN has no encoder). */
/** kl: mean KL(q(z_j|x) || N(0, 1)) per dimension, in nats (VAEs); variance: of the code
 * over the images (AAEs, plain AEs); none: no encoder (GANs). */
export const UsageMeasure = z.enum(['kl', 'variance', 'none']);
export type UsageMeasure = z.infer<typeof UsageMeasure>;

/** Per-dimension statistics of a run's codes over (a spread sample of) its validation split. */
export const LatentStats = z
  .strictObject({
    dim: Dim,
    measure: UsageMeasure,
    /** images encoded; 0 without an encoder */
    samples: z.number().int().nonnegative(),
    /** per dimension: how much it is used (by `measure`); null without an encoder */
    usage: NonNegativeFloats.nullable(),
    /** mean code over the sample; null without an encoder */
    mean: Codes.nullable(),
    /** mean code per label, for latent arithmetic on groups; empty without labels or an encoder */
    groups: z
      .array(
        z.strictObject({
          label: z.number().int().min(0).max(255),
          /** the label's class name when the dataset names its classes */
          name: z.string().max(64).nullable(),
          count: z.number().int().positive(),
          mean: Codes,
        }),
      )
      .max(MAX_LABEL_GROUPS),
    /** which weights answered */
    weights: z.string().max(200),
  })
  .refine(
    (s) =>
      (s.usage === null || s.usage.length === s.dim) &&
      (s.mean === null || s.mean.length === s.dim) &&
      s.groups.every((g) => g.mean.length === s.dim),
    'usage, mean and every group mean must hold dim values',
  );
export type LatentStats = z.output<typeof LatentStats>;

/** The epochs whose fixed-noise grid a run recorded, ascending. */
export const SampleHistoryList = z.strictObject({ epochs: z.array(z.number().int().positive()).max(100_000) });

/** One epoch's fixed-noise grid as one image (bytes, [height, width, channels]). */
export const SampleHistoryGrid = z
  .strictObject({
    epoch: z.number().int().positive(),
    width: z.number().int().min(1).max(MAX_GRID_SIDE),
    height: z.number().int().min(1).max(MAX_GRID_SIDE),
    channels: Channels,
    image: Bytes,
  })
  .refine((g) => g.image.length === g.width * g.height * g.channels, 'image must hold width x height x channels bytes');
export type SampleHistoryGrid = z.output<typeof SampleHistoryGrid>;

const ForRun = z.strictObject({ runId: RunId });

/** Most prior samples one class-balance check classifies. */
export const MAX_BALANCE_SAMPLES = 10_000;

/** What getClassBalance asks for: `count` prior samples of a run, judged by its dataset's classifier. */
export const ClassBalanceRequest = z.strictObject({
  runId: RunId,
  count: z.number().int().min(10).max(MAX_BALANCE_SAMPLES).default(1000),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  temperature: z.number().min(0).max(MAX_TEMPERATURE).default(1),
});

/** How a classifier labels a run's samples: counts per class, confidence, a collapse warning. */
export const ClassBalance = z.strictObject({
  count: z.number().int().positive(),
  /** every class of the dataset, in label order, with how many samples it got */
  classes: z
    .array(z.strictObject({ label: z.number().int().min(0).max(255), name: z.string().max(64).nullable(), count: z.number().int().nonnegative() }))
    .max(MAX_LABEL_GROUPS),
  /** mean probability the classifier gives its own answer, 0..1 */
  meanConfidence: z.number().min(0).max(1),
  /** the classifier's accuracy on validation images, so its verdict can be weighed */
  classifierAccuracy: z.number().min(0).max(1),
  /** a sentence naming missing or dominant classes; null when balanced */
  warning: z.string().max(1000).nullable(),
});
export type ClassBalance = z.output<typeof ClassBalance>;

/** Progress of a class-balance check: training the dataset's classifier (first time only),
 * then decoding the samples. */
export const ClassBalanceProgress = z
  .strictObject({
    runId: RunId,
    stage: z.enum(['training-classifier', 'sampling']),
    done: z.number().int().nonnegative(),
    total: z.number().int().positive(),
  })
  .refine((p) => p.done <= p.total, 'done must not exceed total');
export type ClassBalanceProgress = z.output<typeof ClassBalanceProgress>;

/** Requests of this area: name -> { params, result } schemas (merged into the contract). */
export const generateMethods = {
  /** draws codes from a generative run's prior (seeded, scaled by temperature) and decodes them */
  sampleLatents: { params: SampleRequest, result: CodedImages },
  /** encodes dataset images by index with a run's encoder; refused for GANs */
  encodeImages: { params: EncodeRequest, result: EncodedImages },
  /** per-dimension usage and label-group mean codes over the validation split */
  getLatentStats: { params: ForRun, result: LatentStats },
  /** the epochs whose fixed-noise sample grid was recorded during training */
  listSampleHistory: { params: ForRun, result: SampleHistoryList },
  /** one epoch's recorded fixed-noise sample grid */
  getSampleHistory: { params: z.strictObject({ runId: RunId, epoch: z.number().int().min(1).max(100_000) }), result: SampleHistoryGrid },
  /** labels prior samples with a classifier of the run's dataset (trained once, cached);
   * progress arrives as `classBalanceProgress` events */
  getClassBalance: { params: ClassBalanceRequest, result: ClassBalance },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const generateEvents = {
  classBalanceProgress: ClassBalanceProgress,
} as const satisfies Record<string, z.ZodType>;
