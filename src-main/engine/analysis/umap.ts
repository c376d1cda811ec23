/**
 * UMAP of latent codes, streamed: the first layout (PCA of the codes, scaled as umap-learn
 * scales its initialisation) is reported before the neighbour search starts, then the layout
 * every ~150 ms as it converges. Seeded, so the same codes and settings give the same map.
 */
import { findABParams } from 'umap-js/dist/umap.js';
import { seededRandom } from '../training/random';
import { fuzzySimplicialSet } from './fuzzy-graph';
import { nearestNeighbours, searchSpace } from './knn';
import type { Metric } from './knn';
import { pca } from './pca';
import type { TimeSlicer } from './time-slicer';
import { UmapOptimizer } from './umap-optimizer';

/** What a UMAP run needs besides the codes. */
export interface UmapOptions {
  nNeighbors: number;
  minDist: number;
  metric: Metric;
  /** optimisation epochs; absent: `defaultEpochs(count)` */
  epochs?: number | undefined;
  seed: number;
}

/** Where a UMAP run reports to. */
export interface UmapListener {
  /** the neighbour search or the graph construction has progressed */
  stage(stage: 'neighbours' | 'graph', done: number, total: number): void;
  /** a layout (row-major [count, 2]; the caller owns the copy) after `epoch` of `epochs` */
  layout(coords: Float32Array, epoch: number, epochs: number): void;
}

/** Least time between two reported layouts. */
const LAYOUT_INTERVAL_MS = 150;
/** The layout's initial extent, as in umap-learn. */
const INITIAL_EXTENT = 10;

/** Epochs for `count` points: fewer for large sets, whose epochs cost more and which settle
 * sooner from a PCA start (umap-learn: 500 up to 10,000 points, 200 beyond, from spectral). */
export function defaultEpochs(count: number): number {
  if (count <= 2_500) return 400;
  if (count <= 10_000) return 250;
  if (count <= 30_000) return 200;
  return 150;
}

/** Runs UMAP on `codes` (row-major [count, dim]); resolves with the final layout. */
export async function umap(codes: Float32Array, dim: number, options: UmapOptions, listener: UmapListener, slicer: TimeSlicer): Promise<Float32Array> {
  const count = codes.length / dim;
  if (count < 3) throw new Error(`UMAP needs at least 3 points, not ${count}.`);
  const random = seededRandom(options.seed);
  const epochs = options.epochs ?? defaultEpochs(count);

  const embedding = await initialLayout(searchSpace(codes, dim, options.metric), dim, random, slicer);
  listener.layout(embedding.slice(), 0, epochs);

  const k = Math.min(options.nNeighbors, count - 1);
  const knn = await nearestNeighbours(codes, dim, k, options.metric, random, slicer, (done, total) =>
    listener.stage('neighbours', done, total),
  );
  listener.stage('graph', 0, 1);
  const graph = fuzzySimplicialSet(knn, count);
  listener.stage('graph', 1, 1);
  await slicer.maybeYield();

  const optimizer = new UmapOptimizer(graph, embedding, epochs, findABParams(1, options.minDist), random);
  let reported = performance.now();
  while (!optimizer.done) {
    await optimizer.runEpoch(slicer);
    if (optimizer.done || performance.now() - reported >= LAYOUT_INTERVAL_MS) {
      listener.layout(embedding.slice(), optimizer.epochsDone, epochs);
      reported = performance.now();
    }
  }
  return embedding;
}

/** The first two principal components, each scaled to [0, 10], with a little seeded noise
 * so that identical codes do not start on one spot. */
async function initialLayout(data: Float32Array, dim: number, random: () => number, slicer: TimeSlicer): Promise<Float32Array> {
  const { coords } = await pca(data, dim, 2, slicer);
  const count = coords.length / 2;
  for (let axis = 0; axis < 2; axis++) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < count; i++) {
      min = Math.min(min, coords[2 * i + axis]!);
      max = Math.max(max, coords[2 * i + axis]!);
    }
    const scale = max > min ? INITIAL_EXTENT / (max - min) : 0;
    for (let i = 0; i < count; i++) {
      const noise = (random() - 0.5) * 1e-3;
      coords[2 * i + axis] = (coords[2 * i + axis]! - min) * scale + noise;
    }
  }
  return coords;
}
