/**
 * The Explore form: which run, split and method, UMAP's settings and the point cap, checked
 * against the contract's own schema so the form accepts exactly what the engine accepts.
 */
import { MAX_PROJECTION_POINTS, ProjectionRequest, UmapSettings } from '../../../src-main/protocol';
import type { KeptMapInfo, MethodParams, ProjectionMethod, ProjectionSplit } from '../../../src-main/protocol';

/** Bounds of a numeric field and the sentence shown when a value is out of them. */
export interface FieldLimits {
  min: number;
  max: number;
  integer: boolean;
  hint: string;
}

interface NumberSchema {
  minValue: number | null;
  maxValue: number | null;
  isInt: boolean;
}

export function limits(schema: NumberSchema): FieldLimits {
  const min = schema.minValue ?? -Infinity;
  const max = schema.maxValue ?? Infinity;
  return { min, max, integer: schema.isInt, hint: schema.isInt ? `Enter a whole number from ${min} to ${max}.` : `Enter a number from ${min} to ${max}.` };
}

/** Limits of the form's numbers, from the contract. */
export const EXPLORE_LIMITS = {
  nNeighbors: limits(UmapSettings.shape.nNeighbors.unwrap()),
  minDist: limits(UmapSettings.shape.minDist.unwrap()),
  epochs: limits(UmapSettings.shape.epochs.unwrap()),
  maxPoints: limits(ProjectionRequest.shape.maxPoints.unwrap()),
};

/** Why `value` does not fit `field`, or null. */
export function fieldProblem(field: FieldLimits, value: number | null, optional = false): string | null {
  if (value === null || Number.isNaN(value)) return optional ? null : `Required. ${field.hint}`;
  const fits = value >= field.min && value <= field.max && (!field.integer || Number.isInteger(value));
  return fits ? null : field.hint;
}

export class ExploreSettings {
  /** what the map shows: a trained run's codes, or an embedding file's vectors */
  source = $state<'run' | 'file'>('run');
  runId = $state('');
  split = $state<ProjectionSplit>('validation');
  method = $state<ProjectionMethod>('pca');
  nNeighbors = $state<number | null>(15);
  minDist = $state<number | null>(0.1);
  metric = $state<'euclidean' | 'cosine'>('euclidean');
  /** null: chosen by the engine for the number of points */
  epochs = $state<number | null>(null);
  maxPoints = $state<number | null>(MAX_PROJECTION_POINTS);

  /** Shows the settings a kept map was made with (an imported layout has none to show). */
  adopt(kept: KeptMapInfo): void {
    this.split = kept.split;
    this.maxPoints = kept.maxPoints;
    if (kept.method === 'imported') return;
    this.method = kept.method;
    this.nNeighbors = kept.umap.nNeighbors;
    this.minDist = kept.umap.minDist;
    this.metric = kept.umap.metric;
    this.epochs = kept.umap.epochs ?? null;
  }

  /** Each field's problem, null when fine; UMAP's are checked only for UMAP. */
  readonly problems = $derived({
    nNeighbors: this.method === 'umap' ? fieldProblem(EXPLORE_LIMITS.nNeighbors, this.nNeighbors) : null,
    minDist: this.method === 'umap' ? fieldProblem(EXPLORE_LIMITS.minDist, this.minDist) : null,
    epochs: this.method === 'umap' ? fieldProblem(EXPLORE_LIMITS.epochs, this.epochs, true) : null,
    maxPoints: fieldProblem(EXPLORE_LIMITS.maxPoints, this.maxPoints),
  });
  readonly valid = $derived(this.runId !== '' && this.method !== 'imported' && Object.values(this.problems).every((p) => p === null));

  /** The request to send, or null while the form has a problem. */
  readonly request: MethodParams<'startProjection'> | null = $derived.by(() => {
    if (!this.valid) return null;
    const umap = this.method === 'umap'
      ? { nNeighbors: this.nNeighbors!, minDist: this.minDist!, metric: this.metric, ...(this.epochs === null ? {} : { epochs: this.epochs }) }
      : {};
    return { runId: this.runId, split: this.split, method: this.method, maxPoints: this.maxPoints!, umap };
  });
}
