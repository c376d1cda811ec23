/** Walks the backends in order of preference and says, in one sentence, why the winner won. */
import type { BackendName } from '../../protocol/schemas';
import type { LoadOutcome } from './load-outcome';
import { BACKEND_ORDER } from './names';

/** The backend chosen, why, and the versions behind it. */
export interface BackendChoice {
  backend: BackendName;
  /** one sentence naming what was tried and why it failed, e.g. "wasm — tfjs-node-gpu not installed; ..." */
  reason: string;
  versions: Record<string, string>;
}

/** One backend to try; `load` activates it in tfjs or says why it could not. */
export interface BackendCandidate {
  name: BackendName;
  load(): Promise<LoadOutcome>;
}

/**
 * Tries `candidates` (in {@link BACKEND_ORDER}) from the preferred one, or from the first,
 * down the list; the first that loads wins. Throws when none does.
 */
export async function selectFrom(
  candidates: readonly BackendCandidate[],
  preferred?: BackendName | undefined,
): Promise<BackendChoice> {
  const start = preferred === undefined ? 0 : candidates.findIndex((c) => c.name === preferred);
  if (start < 0) throw new Error(`No loader for backend "${preferred}"`);
  const failures: Array<LoadOutcome & { ok: false }> = [];
  for (const candidate of candidates.slice(start)) {
    const outcome = await candidate.load();
    if (!outcome.ok) {
      failures.push(outcome);
      continue;
    }
    return {
      backend: candidate.name,
      reason: explain(candidate.name, preferred, failures, outcome.note),
      versions: outcome.versions,
    };
  }
  throw new Error(`No TensorFlow.js backend could be loaded: ${joinFailures(failures)}`);
}

/** Pure: the reason sentence. */
export function explain(
  chosen: BackendName,
  preferred: BackendName | undefined,
  failures: ReadonlyArray<LoadOutcome & { ok: false }>,
  note?: string | undefined,
): string {
  const parts: string[] = [];
  if (preferred !== undefined && preferred === chosen) parts.push('requested with --backend / LATENT_BACKEND');
  if (preferred !== undefined && preferred !== chosen) {
    parts.push(`requested ${preferred}, but ${joinFailures(failures)}; fell back down the list`);
  } else if (failures.length > 0) {
    parts.push(joinFailures(failures));
  }
  if (note !== undefined) parts.push(note);
  if (parts.length === 0) {
    parts.push(chosen === BACKEND_ORDER[0] ? 'first choice' : 'available');
  }
  return `${chosen} — ${parts.join('; ')}`;
}

function joinFailures(failures: ReadonlyArray<LoadOutcome & { ok: false }>): string {
  const hints = [...new Set(failures.flatMap((f) => (f.hint === undefined ? [] : [f.hint])))];
  const list = failures.map((f) => f.why).join('; ');
  return hints.length > 0 ? `${list} (${hints.join('; ')})` : list;
}
