/** Backend names, their packages, and parsing of `--backend` / `LATENT_BACKEND`. */
import type { BackendName } from '../../protocol/schemas';

/** Every backend, in the engine's order of preference. */
export const BACKEND_ORDER = ['node-gpu', 'node', 'wasm', 'cpu'] as const satisfies readonly BackendName[];

/** The npm package that provides each backend. */
export const BACKEND_PACKAGES: Readonly<Record<BackendName, string>> = {
  'node-gpu': '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/**
 * Validates a backend name from `--backend` or `LATENT_BACKEND` (case and surrounding
 * space ignored); undefined or empty means "no preference". Throws listing the valid names.
 */
export function parseBackendName(value: string | undefined): BackendName | undefined {
  if (value === undefined) return undefined;
  const name = value.trim().toLowerCase();
  if (name === '') return undefined;
  const known: readonly string[] = BACKEND_ORDER;
  if (known.includes(name)) return name as BackendName;
  throw new Error(
    `Unknown backend "${value}" (from --backend or LATENT_BACKEND): expected one of ${BACKEND_ORDER.join(', ')}`,
  );
}
