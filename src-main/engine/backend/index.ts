/**
 * TensorFlow.js backend selection for the engine: node-gpu, node, wasm (patched), cpu, in
 * that order, or a preferred one first. The caller reads `--backend` / `LATENT_BACKEND`.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../protocol/schemas';
import type { LoadOutcome } from './load-outcome';
import { loadNative } from './native';
import { selectFrom, type BackendCandidate, type BackendChoice } from './select';
import { loadWasm } from './wasm';

export type { BackendChoice } from './select';
export { parseBackendName, BACKEND_ORDER, BACKEND_PACKAGES } from './names';
export { patchWasmMatMul, unpatchWasmMatMul, isWasmMatMulPatched } from './wasm-batchmatmul';

/** The real loaders, in order of preference. */
export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  { name: 'node-gpu', load: () => loadNative('@tensorflow/tfjs-node-gpu') },
  { name: 'node', load: () => loadNative('@tensorflow/tfjs-node') },
  { name: 'wasm', load: loadWasm },
  { name: 'cpu', load: loadCpu },
];

/**
 * Activates the best backend that loads (the preferred one first, falling back down the
 * list) and reports which, why, and the versions in play.
 */
export async function selectBackend(options?: { preferred?: BackendName | undefined }): Promise<BackendChoice> {
  const choice = await selectFrom(BACKEND_CANDIDATES, options?.preferred);
  return { ...choice, versions: { ...runtimeVersions(), ...choice.versions } };
}

async function loadCpu(): Promise<LoadOutcome> {
  if (!(await tf.setBackend('cpu'))) return { ok: false, why: 'tfjs-backend-cpu failed to initialise' };
  await tf.ready();
  return { ok: true, versions: { 'tfjs-backend-cpu': tf.version['tfjs-backend-cpu'] ?? 'unknown' } };
}

function runtimeVersions(): Record<string, string> {
  const versions: Record<string, string> = {
    node: process.versions.node,
    tfjs: tf.version['tfjs'] ?? tf.version_core,
    'tfjs-core': tf.version_core,
  };
  if (process.versions['electron'] !== undefined) versions['electron'] = process.versions['electron'];
  return versions;
}
