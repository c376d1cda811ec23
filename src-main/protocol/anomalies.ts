/**
 * Contract of the Reconstructions and Anomalies views: per-sample scores of a run on a split
 * (a cancellable job streaming progress), ROC and precision-recall curves with AUROC and
 * average precision for a set of normal classes, a per-class sweep job, and the scores as
 * CSV. Typed arrays are checked with plain loops; every size is capped.
 */
import { z } from 'zod';
import { allFiniteInRange } from './typed-arrays';
import { isIndexArray, MAX_PROJECTION_POINTS } from './projection';
import { RunId } from './schemas';

/** Most samples one scoring holds: Fashion-MNIST's train and test splits together. */
export const MAX_SCORED_SAMPLES = MAX_PROJECTION_POINTS;
/** Most points a ROC or PR curve carries; longer curves are thinned (the figures are exact). */
export const MAX_CURVE_POINTS = 1001;
/** Largest CSV text returned (70,000 rows of ~60 characters fit with room to spare). */
export const MAX_CSV_CHARS = 16_000_000;

const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Count = z.number().int().min(0).max(MAX_SCORED_SAMPLES);
const Label = z.number().int().min(0).max(255);
const Ratio = z.number().min(0).max(1);

const Indices = z.custom<Int32Array>(isIndexArray, 'expected an Int32Array of non-negative indices');
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');
const Scores = z.custom<Float32Array>((v) => v instanceof Float32Array && allFiniteInRange(v, 0, Number.MAX_VALUE), 'expected a Float32Array of finite values >= 0');
const Rates = z.custom<Float32Array>(
  (v) => v instanceof Float32Array && v.length >= 2 && v.length <= MAX_CURVE_POINTS && allFiniteInRange(v, 0, 1),
  `expected a Float32Array of 2 to ${MAX_CURVE_POINTS} values in [0, 1]`,
);

/** Which samples are scored: the canonical split's training or validation part, or all. */
export const AnomalySplit = z.enum(['train', 'val', 'all']);
export type AnomalySplit = z.infer<typeof AnomalySplit>;

/** Which score ranks samples: reconstruction BCE or MSE (mean per pixel), or a VAE's
 * negative ELBO in nats. Higher is more anomalous. */
export const ScoreKind = z.enum(['bce', 'mse', 'elbo']);
export type ScoreKind = z.infer<typeof ScoreKind>;

/** The labels taken as normal; every other label is an anomaly. */
export const NormalClasses = z
  .array(Label)
  .min(1)
  .max(256)
  .refine((c) => new Set(c).size === c.length, 'normal classes must not repeat');

/** startScoring's answer: the id its events and scores carry. */
export const ScoringStarted = z.strictObject({
  jobId: JobId,
  datasetId: z.string().max(64),
  /** samples that will be scored */
  count: Count,
});

/** Every scored sample of a finished scoring, in the split's order. */
export const AnomalyScoreSet = z
  .strictObject({
    jobId: JobId,
    runId: RunId,
    datasetId: z.string().max(64),
    split: AnomalySplit,
    count: Count,
    /** which weights scored: "checkpoint best (epoch 7)", "live weights after epoch 3" */
    weights: z.string().max(200),
    /** each sample's index in the dataset */
    indices: Indices,
    /** each sample's label, null for an unlabelled dataset */
    labels: Bytes.nullable(),
    /** binary cross-entropy between image and reconstruction, mean per pixel */
    bce: Scores,
    /** squared error between image and reconstruction, mean per pixel */
    mse: Scores,
    /** VAEs only: negative ELBO in nats; null for other models */
    negElbo: Scores.nullable(),
    /** the score the run is judged by unless the user picks another */
    defaultScore: ScoreKind,
  })
  .refine(
    (s) =>
      s.indices.length === s.count &&
      (s.labels === null || s.labels.length === s.count) &&
      s.bce.length === s.count &&
      s.mse.length === s.count &&
      (s.negElbo === null || s.negElbo.length === s.count),
    'indices, labels and every score must hold one entry per sample',
  );
export type AnomalyScoreSet = z.infer<typeof AnomalyScoreSet>;

/** How well one score separates anomalies (positives) from normal samples. */
export const AnomalyCurves = z
  .strictObject({
    normal: z.array(Label).max(256),
    score: ScoreKind,
    normalCount: Count,
    anomalousCount: Count,
    /** area under the ROC curve, exact (ties count one half) */
    auroc: Ratio,
    /** scikit-learn's average precision, exact */
    averagePrecision: Ratio,
    /** the ROC curve from (0, 0) to (1, 1), thinned to at most MAX_CURVE_POINTS */
    roc: z.strictObject({ fpr: Rates, tpr: Rates }),
    /** the precision-recall curve from recall 0, thinned likewise */
    pr: z.strictObject({ recall: Rates, precision: Rates }),
  })
  .refine((c) => c.roc.fpr.length === c.roc.tpr.length && c.pr.recall.length === c.pr.precision.length, 'each curve needs as many x as y values');
export type AnomalyCurves = z.infer<typeof AnomalyCurves>;

/** One class as the only normal one, from a sweep. */
export const SweepRow = z.strictObject({
  normal: z.array(Label).length(1),
  auroc: Ratio,
  averagePrecision: Ratio,
  normalCount: Count,
  anomalousCount: Count,
});
export type SweepRow = z.infer<typeof SweepRow>;

const progressBase = { jobId: JobId, seq: z.number().int().nonnegative() };

/** A scoring's or a sweep's progress, streamed as deltas, then its end. */
export const AnomalyProgress = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('progress'),
      ...progressBase,
      /** samples scored (a scoring) or classes tried (a sweep) */
      done: z.number().int().nonnegative(),
      total: z.number().int().positive(),
    })
    .refine((e) => e.done <= e.total, 'done must not exceed total'),
  z.strictObject({
    kind: z.literal('sweep-row'),
    ...progressBase,
    row: SweepRow,
  }),
  z.strictObject({
    kind: z.literal('finished'),
    ...progressBase,
    status: z.enum(['completed', 'cancelled', 'failed']),
    /** why it failed or was cancelled, in words a user can act on */
    message: z.string().max(2000).optional(),
    seconds: z.number().nonnegative(),
  }),
]);
export type AnomalyProgress = z.infer<typeof AnomalyProgress>;

/** Requests of this area: name -> { params, result } schemas (merged into the contract). */
export const anomalyMethods = {
  /** scores every sample of a split by how badly the run reconstructs it; progress and the
   * end arrive as `anomalyProgress` events, then getScores returns the scores */
  startScoring: {
    params: z.strictObject({ runId: RunId, split: AnomalySplit.default('val') }),
    result: ScoringStarted,
  },
  /** stops a scoring or a sweep; `cancelled` is false if it had already ended */
  cancelAnomalyJob: { params: z.strictObject({ jobId: JobId }), result: z.strictObject({ cancelled: z.boolean() }) },
  /** a finished scoring's per-sample scores (the engine keeps the last few) */
  getScores: { params: z.strictObject({ jobId: JobId }), result: AnomalyScoreSet },
  /** ROC and PR curves, AUROC and average precision of a scoring with `normal` as the
   * normal classes */
  evaluateScores: {
    params: z.strictObject({ jobId: JobId, normal: NormalClasses, score: ScoreKind }),
    result: AnomalyCurves,
  },
  /** tries each label of a scoring in turn as the only normal class; rows arrive as
   * `anomalyProgress` events of the returned job */
  startSweep: {
    params: z.strictObject({ jobId: JobId, score: ScoreKind }),
    result: z.strictObject({ jobId: JobId, classes: z.array(Label).max(256) }),
  },
  /** writes a scoring's samples as CSV, worst first by `score`, into the run's folder
   * (`<run>/eval/anomaly-<split>.csv`, atomically) and returns the text for a download */
  exportScores: {
    params: z.strictObject({ jobId: JobId, score: ScoreKind, normal: NormalClasses.nullable().default(null) }),
    result: z.strictObject({
      path: z.string().max(4096),
      /** a file name for the download */
      fileName: z.string().max(255),
      csv: z.string().max(MAX_CSV_CHARS),
      rows: Count,
    }),
  },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const anomalyEvents = {
  anomalyProgress: AnomalyProgress,
} as const satisfies Record<string, z.ZodType>;
