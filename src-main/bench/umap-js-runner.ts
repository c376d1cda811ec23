/**
 * Stock umap-js on the same codes, in a worker thread: its fit is synchronous (minutes at
 * 70,000 points), so a time budget can only be kept by terminating the thread. The worker
 * reports its stage as it goes, so a run cut short says how far it got.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface UmapJsSettings {
  nNeighbors: number;
  minDist: number;
  epochs: number;
  seed: number;
}

export type UmapJsOutcome =
  | { status: 'finished'; seconds: number; layout: Float32Array }
  | { status: 'timeout'; reached: string }
  | { status: 'failed'; reached: string; message: string };

// CommonJS, evaluated in the worker; the timer covers umap-js's own work only (its kNN,
// graph and epochs), not turning the codes into the number[][] it takes.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { UMAP } = require(workerData.umapJsPath);
const { codes, dim, settings } = workerData;
let state = settings.seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const rows = [];
for (let i = 0; i < codes.length / dim; i++) rows.push(Array.from(codes.subarray(i * dim, (i + 1) * dim)));
const umap = new UMAP({ nComponents: 2, nNeighbors: settings.nNeighbors, minDist: settings.minDist, nEpochs: settings.epochs, random });
const start = performance.now();
parentPort.postMessage({ stage: 'neighbour search and graph' });
const epochs = umap.initializeFit(rows);
for (let epoch = 0; epoch < epochs; ) {
  epoch = umap.step();
  if (epoch % 10 === 0) parentPort.postMessage({ stage: 'epoch ' + epoch + ' of ' + epochs });
}
const seconds = (performance.now() - start) / 1000;
const embedding = umap.getEmbedding();
const layout = new Float32Array(embedding.length * 2);
embedding.forEach((point, i) => { layout[2 * i] = point[0]; layout[2 * i + 1] = point[1]; });
parentPort.postMessage({ done: true, seconds, layout }, [layout.buffer]);
`;

/** Runs umap-js on `codes` ([count, dim]); gives up after `budgetMs`. */
export function runUmapJs(codes: Float32Array, dim: number, settings: UmapJsSettings, budgetMs: number): Promise<UmapJsOutcome> {
  const umapJsPath = createRequire(import.meta.url).resolve('umap-js');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { codes, dim, settings, umapJsPath } });
  let reached = 'starting';
  return new Promise<UmapJsOutcome>((resolve) => {
    const settle = (outcome: UmapJsOutcome): void => {
      clearTimeout(timer);
      worker.removeAllListeners();
      // an error after settling (the terminate itself) has nobody to tell
      worker.on('error', () => undefined);
      void worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ status: 'timeout', reached }), budgetMs);
    worker.on('message', (message: { stage?: string; done?: boolean; seconds?: number; layout?: Float32Array }) => {
      if (message.stage) reached = message.stage;
      if (message.done) settle({ status: 'finished', seconds: message.seconds!, layout: message.layout! });
    });
    worker.on('error', (error) => settle({ status: 'failed', reached, message: error.message }));
    worker.on('exit', (code) => settle({ status: 'failed', reached, message: `umap-js's worker exited with code ${code}.` }));
  });
}
