/**
 * The Train form's values and their validation. Bounds come from the contract's schema, so
 * the form accepts exactly what the engine accepts.
 */
import { TrainingConfig } from '../../../src-main/protocol';
import type { ModelKind, TrainingConfigInput } from '../../../src-main/protocol';

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

/** Limits of the numeric settings, from the contract. */
export const LIMITS = {
  epochs: limitsOf(TrainingConfig.shape.epochs.unwrap()),
  batchSize: limitsOf(TrainingConfig.shape.batchSize.unwrap()),
  learningRate: limitsOf(TrainingConfig.shape.learningRate.unwrap()),
};

/** The message for a value of a numeric field, or null when it is fine. */
export function numberProblem(limits: NumberLimits, value: number | null | undefined): string | null {
  if (value === null || value === undefined || Number.isNaN(value)) return `Required. ${limits.hint}`;
  return limits.accepts(value) ? null : limits.hint;
}

/** The Train form's state. */
export class TrainSettings {
  /** chosen dataset id; empty until datasets are listed */
  datasetId = $state('');
  model = $state<ModelKind>('dense-ae');
  /** null while the input is empty (that is what bind:value gives for type=number) */
  epochs = $state<number | null>(10);
  batchSize = $state<number | null>(128);
  learningRate = $state<number | null>(0.001);

  /** one message per invalid field */
  readonly errors = $derived({
    epochs: numberProblem(LIMITS.epochs, this.epochs),
    batchSize: numberProblem(LIMITS.batchSize, this.batchSize),
    learningRate: numberProblem(LIMITS.learningRate, this.learningRate),
  });
  /** whether Train may send these settings */
  readonly valid = $derived(
    this.datasetId !== '' && Object.values(this.errors).every((problem) => problem === null),
  );

  /** The startTraining parameters, or null while something is invalid. */
  toConfig(): TrainingConfigInput | null {
    if (!this.valid) return null;
    return {
      datasetId: this.datasetId,
      model: this.model,
      epochs: this.epochs!,
      batchSize: this.batchSize!,
      learningRate: this.learningRate!,
    };
  }

  /** Picks a dataset when none is chosen or the chosen one is gone; prefers `preferred`. */
  chooseDataset(ids: readonly string[], preferred = 'mnist-10k'): void {
    if (ids.includes(this.datasetId)) return;
    this.datasetId = ids.includes(preferred) ? preferred : (ids[0] ?? '');
  }
}
