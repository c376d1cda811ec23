/**
 * The Train form's values and their validation. Bounds come from the contract's schema, so
 * the form accepts exactly what the engine accepts; settings that do not apply to the chosen
 * model are neither validated nor sent.
 */
import { NoiseConfig, TrainingConfig } from '../../../src-main/protocol';
import type { ModelKind, TrainingConfigInput } from '../../../src-main/protocol';
import { MODEL_DEFAULTS, takes } from './model-settings';

/** The part of a zod number schema the form reads. */
interface NumberSchema {
  minValue: number | null;
  maxValue: number | null;
  isInt: boolean;
  safeParse(value: unknown): { success: boolean };
}

/** What a numeric setting accepts. */
export interface NumberLimits {
  min: number;
  max: number;
  integer: boolean;
  /** true when `min` itself is not allowed (learning rate > 0) */
  minExclusive: boolean;
  accepts(value: number): boolean;
  /** the sentence shown when a value is rejected */
  hint: string;
}

function limitsOf(schema: NumberSchema): NumberLimits {
  const min = schema.minValue ?? -Infinity;
  const max = schema.maxValue ?? Infinity;
  const minExclusive = !schema.safeParse(min).success;
  const hint = schema.isInt
    ? `Enter a whole number from ${min} to ${max}.`
    : `Enter a number ${minExclusive ? 'above' : 'from'} ${min} ${minExclusive ? 'and at most' : 'to'} ${max}.`;
  return { min, max, integer: schema.isInt, minExclusive, accepts: (v) => schema.safeParse(v).success, hint };
}

const shape = TrainingConfig.shape;
const ClassList = shape.classes.unwrap();

/** Limits of the numeric settings, from the contract. */
export const LIMITS = {
  epochs: limitsOf(shape.epochs.unwrap()),
  batchSize: limitsOf(shape.batchSize.unwrap()),
  learningRate: limitsOf(shape.learningRate.unwrap()),
  latentDim: limitsOf(shape.latentDim.unwrap()),
  beta: limitsOf(shape.beta.unwrap()),
  klWarmupEpochs: limitsOf(shape.klWarmupEpochs.unwrap()),
  noiseAmount: limitsOf(NoiseConfig.shape.amount),
  imageAdversarialWeight: limitsOf(shape.imageAdversarialWeight.unwrap()),
  classLabel: limitsOf(ClassList.element),
};

/** The message for a value of a numeric field, or null when it is fine. */
export function numberProblem(limits: NumberLimits, value: number | null | undefined): string | null {
  if (value === null || value === undefined || Number.isNaN(value)) return `Required. ${limits.hint}`;
  return limits.accepts(value) ? null : limits.hint;
}

/** The Classes field read: labels to train on (null = every class), or why it cannot be read. */
export type ClassesReading = { classes: number[] | null; problem: null } | { classes: null; problem: string };

/** Reads "0,3" (commas and/or spaces) into labels; empty means every class. */
export function parseClasses(text: string): ClassesReading {
  const tokens = text.split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length === 0) return { classes: null, problem: null };
  const { min, max } = LIMITS.classLabel;
  const hint = `List labels from ${min} to ${max} separated by commas, e.g. 0,3; leave empty for every class.`;
  const classes: number[] = [];
  for (const token of tokens) {
    const label = /^\d+$/.test(token) ? Number(token) : Number.NaN;
    if (!LIMITS.classLabel.accepts(label)) return { classes: null, problem: `“${token}” is not a label. ${hint}` };
    if (classes.includes(label)) return { classes: null, problem: `Label ${label} is listed twice.` };
    classes.push(label);
  }
  return ClassList.safeParse(classes).success ? { classes, problem: null } : { classes: null, problem: hint };
}

/** How inputs are corrupted for a denoising autoencoder. */
export type NoiseChoice = 'off' | NoiseConfig['kind'];

/** The Train form's state. */
export class TrainSettings {
  /** chosen dataset id; empty until datasets are listed */
  datasetId = $state('');
  #model = $state<ModelKind>('dense-ae');
  /** null while the input is empty (that is what bind:value gives for type=number) */
  epochs = $state<number | null>(10);
  batchSize = $state<number | null>(128);
  learningRate = $state<number | null>(MODEL_DEFAULTS['dense-ae'].learningRate);
  latentDim = $state<number | null>(MODEL_DEFAULTS['dense-ae'].latentDim);
  /** VAEs */
  beta = $state<number | null>(1);
  klWarmupEpochs = $state<number | null>(0);
  /** plain AEs */
  noise = $state<NoiseChoice>('off');
  noiseAmount = $state<number | null>(0.3);
  /** AAE */
  imageAdversarialWeight = $state<number | null>(0);
  /** the Classes field as typed, e.g. "0,3" */
  classesText = $state('');

  /** Which optional settings the chosen model takes. */
  readonly shows = $derived({
    variational: takes(this.#model, 'variational'),
    denoising: takes(this.#model, 'denoising'),
    imageAdversarial: takes(this.#model, 'imageAdversarial'),
  });
  readonly #classes = $derived(parseClasses(this.classesText));
  /** one message per invalid field; null for valid fields and for those that do not apply */
  readonly errors = $derived({
    epochs: numberProblem(LIMITS.epochs, this.epochs),
    batchSize: numberProblem(LIMITS.batchSize, this.batchSize),
    learningRate: numberProblem(LIMITS.learningRate, this.learningRate),
    latentDim: numberProblem(LIMITS.latentDim, this.latentDim),
    beta: this.shows.variational ? numberProblem(LIMITS.beta, this.beta) : null,
    klWarmupEpochs: this.shows.variational ? numberProblem(LIMITS.klWarmupEpochs, this.klWarmupEpochs) : null,
    noiseAmount: this.shows.denoising && this.noise !== 'off' ? numberProblem(LIMITS.noiseAmount, this.noiseAmount) : null,
    imageAdversarialWeight: this.shows.imageAdversarial ? numberProblem(LIMITS.imageAdversarialWeight, this.imageAdversarialWeight) : null,
    classes: this.#classes.problem,
  });
  /** whether Train may send these settings */
  readonly valid = $derived(
    this.datasetId !== '' && Object.values(this.errors).every((problem) => problem === null),
  );

  /** The model family. Changing it swaps the latent size and learning rate for the new
   * model's suggestions, unless the user had changed them from the old model's. */
  get model(): ModelKind {
    return this.#model;
  }

  set model(kind: ModelKind) {
    const before = MODEL_DEFAULTS[this.#model];
    const after = MODEL_DEFAULTS[kind];
    if (this.learningRate === before.learningRate) this.learningRate = after.learningRate;
    if (this.latentDim === before.latentDim) this.latentDim = after.latentDim;
    this.#model = kind;
  }

  /** The startTraining parameters, or null while something is invalid. */
  toConfig(): TrainingConfigInput | null {
    if (!this.valid) return null;
    const config: TrainingConfigInput = {
      datasetId: this.datasetId,
      model: this.#model,
      epochs: this.epochs!,
      batchSize: this.batchSize!,
      learningRate: this.learningRate!,
      latentDim: this.latentDim!,
    };
    if (this.shows.variational) {
      config.beta = this.beta!;
      config.klWarmupEpochs = this.klWarmupEpochs!;
    }
    if (this.shows.denoising && this.noise !== 'off') config.noise = { kind: this.noise, amount: this.noiseAmount! };
    if (this.shows.imageAdversarial) config.imageAdversarialWeight = this.imageAdversarialWeight!;
    if (this.#classes.classes) config.classes = this.#classes.classes;
    return config;
  }

  /** Shows a run's settings (a resumed run trains with its own, not the form's). */
  adopt(config: TrainingConfig): void {
    this.datasetId = config.datasetId;
    this.#model = config.model;
    this.epochs = config.epochs;
    this.batchSize = config.batchSize;
    this.learningRate = config.learningRate;
    this.latentDim = config.latentDim ?? MODEL_DEFAULTS[config.model].latentDim;
    this.beta = config.beta;
    this.klWarmupEpochs = config.klWarmupEpochs;
    this.noise = config.noise?.kind ?? 'off';
    if (config.noise) this.noiseAmount = config.noise.amount;
    this.imageAdversarialWeight = config.imageAdversarialWeight;
    this.classesText = config.classes?.join(',') ?? '';
  }

  /** Picks a dataset when none is chosen or the chosen one is gone; prefers `preferred`. */
  chooseDataset(ids: readonly string[], preferred = 'mnist-10k'): void {
    if (ids.includes(this.datasetId)) return;
    this.datasetId = ids.includes(preferred) ? preferred : (ids[0] ?? '');
  }
}
