/**
 * The embedding file form: the file's path (and its metadata's) on the engine's machine, the
 * projection with UMAP's settings, and how many neighbours a word query lists; numbers are
 * checked against the contract's own limits.
 */
import { EmbeddingQuery } from '../../../src-main/protocol';
import { EXPLORE_LIMITS, fieldProblem, limits } from './explore-settings.svelte';
import type { EmbeddingProjectionParams } from './embedding-session.svelte';

/** Limits of the query's neighbour count, from the contract. */
export const QUERY_LIMITS = limits(EmbeddingQuery.shape.k.unwrap());

export class EmbeddingSettings {
  path = $state('');
  metadataPath = $state('');
  method = $state<'pca' | 'umap'>('pca');
  nNeighbors = $state<number | null>(15);
  minDist = $state<number | null>(0.1);
  /** word vectors are compared by angle, as the queries do */
  metric = $state<'euclidean' | 'cosine'>('cosine');
  /** null: chosen by the engine for the number of points */
  epochs = $state<number | null>(null);
  k = $state<number | null>(10);

  readonly problems = $derived({
    nNeighbors: this.method === 'umap' ? fieldProblem(EXPLORE_LIMITS.nNeighbors, this.nNeighbors) : null,
    minDist: this.method === 'umap' ? fieldProblem(EXPLORE_LIMITS.minDist, this.minDist) : null,
    epochs: this.method === 'umap' ? fieldProblem(EXPLORE_LIMITS.epochs, this.epochs, true) : null,
    k: fieldProblem(QUERY_LIMITS, this.k),
  });

  /** The projection to ask for, or null while a UMAP setting has a problem. */
  readonly projection: EmbeddingProjectionParams | null = $derived.by(() => {
    const { nNeighbors, minDist, epochs } = this.problems;
    if (nNeighbors ?? minDist ?? epochs) return null;
    if (this.method === 'pca') return { method: 'pca' };
    return { method: 'umap', umap: { nNeighbors: this.nNeighbors!, minDist: this.minDist!, metric: this.metric, ...(this.epochs === null ? {} : { epochs: this.epochs }) } };
  });
}
