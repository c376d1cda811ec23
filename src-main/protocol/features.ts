/**
 * Contract of the Features view: a run's frozen encoder as a feature extractor (linear probe
 * / few-shot experiment against raw pixels and a network trained from scratch) and what each
 * latent unit responds to. Typed arrays are checked with plain loops and every size is capped.
 */
import { z } from 'zod';
import { allFiniteInRange } from './typed-arrays';
import { isBoundedFloats, isIndexArray, MAX_LATENT_DIM } from './projection';
import { RunId } from './schemas';

/** Most label budgets one experiment tries. */
export const MAX_PROBE_SIZES = 8;
/** Largest label budget (beyond any split: "all" is asked for with `includeAll`). */
export const MAX_PROBE_SIZE = 70_000;
/** Most classes a confusion matrix holds (labels are bytes). */
export const MAX_PROBE_CLASSES = 256;
/** Most images per end of a latent unit's ranking. */
export const MAX_UNIT_IMAGES = 100;
/** Most histogram bins of a latent unit. */
export const MAX_UNIT_BINS = 100;

const ProbeId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Count = z.number().int().nonnegative();
const FiniteFloats = z.custom<Float32Array>((v) => isBoundedFloats(v, Number.MAX_VALUE), 'expected a Float32Array of finite values');
const Counts = z.custom<Int32Array>((v) => v instanceof Int32Array && allFiniteInRange(v, 0, 2 ** 31 - 1), 'expected an Int32Array of counts');
const Indices = z.custom<Int32Array>(isIndexArray, 'expected an Int32Array of non-negative indices');
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');

/** The classifier put on top of features: logistic regression or one hidden layer. */
export const ProbeHead = z.enum(['linear', 'mlp']);
export type ProbeHead = z.infer<typeof ProbeHead>;

/** What is compared: a head on the frozen code, the same head on raw pixels, a network of
 * the encoder's shape trained end to end from scratch on the same labelled samples, and a
 * 5-nearest-neighbour vote in code space (a quick quality figure, nothing trained). */
export const ProbeMethod = z.enum(['latent-linear', 'latent-mlp', 'pixels-linear', 'pixels-mlp', 'scratch', 'latent-knn']);
export type ProbeMethod = z.infer<typeof ProbeMethod>;

/** What startProbe asks for. */
export const ProbeRequest = z
  .strictObject({
    runId: RunId,
    /** label budgets: labelled training samples per experiment (class-balanced, seeded) */
    sizes: z.array(z.number().int().min(1).max(MAX_PROBE_SIZE)).max(MAX_PROBE_SIZES).default([10, 100, 1000]),
    /** also train on every labelled training sample */
    includeAll: z.boolean().default(true),
    /** heads on the code and on the pixels; each gets its own row */
    heads: z.array(ProbeHead).min(1).max(2).default(['linear']),
    /** also train the encoder-shaped network from scratch */
    scratch: z.boolean().default(true),
    /** also classify by a vote of the 5 nearest labelled codes */
    knn: z.boolean().default(true),
    /** seeds the sampling, the initial weights and the shuffling */
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  })
  .refine((r) => r.sizes.length > 0 || r.includeAll, 'choose at least one label budget (or "all")')
  .refine((r) => new Set(r.heads).size === r.heads.length, 'each head may be chosen once');
export type ProbeRequest = z.output<typeof ProbeRequest>;

/** startProbe's answer: the id its events carry and the experiments it will run. */
export const ProbeStarted = z.strictObject({
  probeId: ProbeId,
  /** label budgets after clamping to the labelled training samples, ascending, unique */
  sizes: z.array(Count).max(MAX_PROBE_SIZES + 1),
  methods: z.array(ProbeMethod).max(6),
  /** labelled training samples ("all") */
  trainCount: Count,
  /** validation samples every accuracy is measured on */
  valCount: Count,
  /** classes, 0..classes-1 */
  classes: z.number().int().min(2).max(MAX_PROBE_CLASSES),
});
export type ProbeStarted = z.infer<typeof ProbeStarted>;

const progressBase = { probeId: ProbeId, seq: z.number().int().nonnegative() };

/** A probe's progress, streamed: encoding, then one result per (size, method), then the end. */
export const ProbeProgress = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('stage'),
      ...progressBase,
      /** encoding the splits once, or training experiment `done + 1` of `total` */
      stage: z.enum(['encoding', 'training']),
      done: Count,
      total: z.number().int().positive(),
      /** what is being trained, during training */
      method: ProbeMethod.optional(),
      size: Count.optional(),
      /** epochs of this classifier done so far, of at most `epochs` (early stopping may end it sooner) */
      epoch: Count.optional(),
      epochs: Count.optional(),
    })
    .refine((e) => e.done <= e.total && (e.epoch ?? 0) <= (e.epochs ?? 0), 'done must not exceed total, nor epoch epochs'),
  z
    .strictObject({
      kind: z.literal('result'),
      ...progressBase,
      method: ProbeMethod,
      /** labelled samples trained on */
      size: Count,
      /** share of the validation split classified correctly */
      accuracy: z.number().min(0).max(1),
      /** training epochs run (early stopping may end before the budget); 0 for kNN */
      epochs: z.number().int().nonnegative(),
      seconds: z.number().nonnegative(),
      classes: z.number().int().min(2).max(MAX_PROBE_CLASSES),
      /** counts, row-major [true class, predicted class] */
      confusion: Counts,
    })
    .refine((e) => e.confusion.length === e.classes * e.classes, 'confusion must hold classes x classes counts'),
  z.strictObject({
    kind: z.literal('finished'),
    ...progressBase,
    status: z.enum(['completed', 'cancelled', 'failed']),
    /** why it failed or was cancelled, in words a user can act on */
    message: z.string().max(2000).optional(),
    seconds: z.number().nonnegative(),
  }),
]);
export type ProbeProgress = z.infer<typeof ProbeProgress>;

/** Which latent unit of a run to inspect, over which split. */
export const LatentUnitRequest = z.strictObject({
  runId: RunId,
  /** 0-based index into the code */
  unit: z.number().int().min(0).max(MAX_LATENT_DIM - 1),
  split: z.enum(['train', 'validation']).default('validation'),
  /** images at each end of the ranking */
  count: z.number().int().min(1).max(MAX_UNIT_IMAGES).default(25),
  bins: z.number().int().min(2).max(MAX_UNIT_BINS).default(24),
});
export type LatentUnitRequest = z.output<typeof LatentUnitRequest>;

/** What a latent unit responds to. */
export const LatentUnit = z
  .strictObject({
    runId: RunId,
    unit: z.number().int().nonnegative(),
    dim: z.number().int().min(1).max(MAX_LATENT_DIM),
    /** images the split holds */
    count: Count,
    mean: z.number(),
    sd: z.number().nonnegative(),
    /** dataset indices of the images that excite it most, highest first, and their activations */
    top: Indices,
    topValues: FiniteFloats,
    /** ... and least, lowest first */
    bottom: Indices,
    bottomValues: FiniteFloats,
    /** histogram edges: `bins` equal bins from `min` to `max` */
    min: z.number(),
    max: z.number(),
    bins: z.number().int().min(2).max(MAX_UNIT_BINS),
    /** the labels of the histogram's rows, or null (one row) for unlabelled data */
    labels: z.array(z.number().int().min(0).max(255)).max(MAX_PROBE_CLASSES).nullable(),
    /** counts, row-major [label row, bin] */
    histogram: Counts,
    /** the unit's value (in sd from its mean) in each decode, the rest of the code at its mean */
    sweep: z.array(z.number()).max(16),
    /** decodes, one image per sweep value, bytes [count, height, width, channels] */
    decodes: Bytes,
    width: z.number().int().min(1).max(256),
    height: z.number().int().min(1).max(256),
    channels: z.number().int().min(1).max(4),
  })
  .refine(
    (u) =>
      u.top.length === u.topValues.length &&
      u.bottom.length === u.bottomValues.length &&
      u.histogram.length === (u.labels?.length ?? 1) * u.bins &&
      u.decodes.length === u.sweep.length * u.width * u.height * u.channels,
    'rankings, histogram and decodes must have matching sizes',
  );
export type LatentUnit = z.infer<typeof LatentUnit>;

/** Most snapshots of an input synthesis. */
export const MAX_SYNTHESIS_FRAMES = 12;

/** Synthesise the input that excites a latent unit most, by gradient ascent on the pixels. */
export const UnitSynthesisRequest = z.strictObject({
  runId: RunId,
  unit: z.number().int().min(0).max(MAX_LATENT_DIM - 1),
  /** a blank (mid-grey) or a seeded noisy image to start from */
  start: z.enum(['blank', 'noise']).default('noise'),
  steps: z.number().int().min(1).max(1000).default(200),
  /** weight of the L2 penalty on the pixels, which keeps the image from saturating */
  l2: z.number().min(0).max(10).default(0.01),
  /** blur the image (3x3 box) every this many steps, which favours smooth patterns; 0 = never */
  blurEvery: z.number().int().min(0).max(1000).default(10),
  /** snapshots to return, spread over the steps (more of them early, where it changes most) */
  frames: z.number().int().min(2).max(MAX_SYNTHESIS_FRAMES).default(8),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
});
export type UnitSynthesisRequest = z.output<typeof UnitSynthesisRequest>;

/** The synthesis as it went: snapshots of the image and the unit's activation on each. */
export const UnitSynthesis = z
  .strictObject({
    unit: z.number().int().nonnegative(),
    /** the step each snapshot was taken after (0 = the start) */
    steps: z.array(z.number().int().nonnegative()).min(1).max(MAX_SYNTHESIS_FRAMES),
    activations: z.array(z.number()).min(1).max(MAX_SYNTHESIS_FRAMES),
    /** snapshots, bytes [frames, height, width, channels] */
    images: Bytes,
    width: z.number().int().min(1).max(256),
    height: z.number().int().min(1).max(256),
    channels: z.number().int().min(1).max(4),
  })
  .refine(
    (s) => s.activations.length === s.steps.length && s.images.length === s.steps.length * s.width * s.height * s.channels,
    'one activation and one image per snapshot',
  );
export type UnitSynthesis = z.infer<typeof UnitSynthesis>;

/** Neighbours in a run's quality figure. */
export const QUALITY_K = 5;
/** Most training codes a quality figure compares against (spread evenly over the split), so
 * it costs at most 10,000 distances per validation image. */
export const QUALITY_REFERENCE_CAP = 10_000;

/** A run's quick quality figure: 5-NN accuracy on its validation codes, voted by (up to
 * 10,000 of) its training codes; null with the reason when the run cannot have one. */
export const RunQuality = z
  .strictObject({
    runId: RunId,
    k: z.number().int().min(1).max(100),
    /** share of the validation split whose 5 nearest training codes vote its label; null when none */
    accuracy: z.number().min(0).max(1).nullable(),
    /** why there is no figure (no encoder, no labels ...), in words a user can act on */
    reason: z.string().max(500).nullable(),
    /** training codes voted with and validation codes scored */
    referenceCount: Count,
    valCount: Count,
    /** which weights it was measured with, e.g. "checkpoint best (epoch 7)" */
    weights: z.string().max(200),
    /** read back from the run folder rather than computed now */
    cached: z.boolean(),
    seconds: z.number().nonnegative(),
  })
  .refine((q) => (q.accuracy === null) !== (q.reason === null), 'either an accuracy or the reason there is none');
export type RunQuality = z.infer<typeof RunQuality>;

/** Requests of this area: name -> { params, result } schemas (merged into the contract). */
export const featuresMethods = {
  /** freezes a run's encoder and compares classifiers over label budgets; results arrive as
   * `probeProgress` events; a new probe cancels the one running */
  startProbe: { params: ProbeRequest, result: ProbeStarted },
  /** stops a probe between two batches; `cancelled` is false if it had already ended */
  cancelProbe: { params: z.strictObject({ probeId: ProbeId }), result: z.strictObject({ cancelled: z.boolean() }) },
  /** a latent unit's extreme images, activation histogram per label and decodes as it moves */
  inspectLatentUnit: { params: LatentUnitRequest, result: LatentUnit },
  /** the input that excites a latent unit most, found by gradient ascent from a blank or
   * noisy image with an L2 and a blur regulariser, as snapshots along the way */
  synthesizeUnitInput: { params: UnitSynthesisRequest, result: UnitSynthesis },
  /** a run's 5-NN accuracy in latent space, computed once per run and weights and kept in
   * the run folder (quality.json), so asking again is instant */
  runQuality: { params: z.strictObject({ runId: RunId }), result: RunQuality },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const featuresEvents = {
  probeProgress: ProbeProgress,
} as const satisfies Record<string, z.ZodType>;

export { ProbeId };
