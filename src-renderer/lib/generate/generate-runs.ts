/** Which runs the Generate view offers, and how it names them. */
import type { RunSummary } from '../../../src-main/protocol';

/** Model families whose decoder turns prior samples into images. */
export const GENERATIVE_MODELS: ReadonlySet<string> = new Set(['vae', 'conv-vae', 'aae', 'dcgan']);

/** Families with an encoder: dataset images have codes (interpolation, arithmetic, usage). */
export function hasEncoder(model: string): boolean {
  return model !== 'dcgan';
}

/** Generative runs with weights to load: a checkpoint, or training now (live weights). */
export function generativeRuns(runs: readonly RunSummary[]): RunSummary[] {
  return runs.filter((r) => GENERATIVE_MODELS.has(r.model) && (r.checkpointEpoch !== null || r.status === 'running'));
}
