/** What trying to load one backend gave, and how a failed require is described. */

/** The result of trying one backend: its versions, or a short account of why it failed. */
export type LoadOutcome =
  | {
      ok: true;
      /** package and runtime versions worth reporting */
      versions: Record<string, string>;
      /** something the user should know about the loaded backend (e.g. GPU not visible) */
      note?: string | undefined;
    }
  | {
      ok: false;
      /** e.g. "tfjs-node not installed", "tfjs-node installed but failed to load: ..." */
      why: string;
      /** advice shared by several failures; said once in the reason */
      hint?: string | undefined;
    };

/** Why npm leaves the native packages out on machines without internet. */
export const OFFLINE_HINT = 'libtensorflow download fails offline: npm drops the optional package';

/** Short package name for messages: "@tensorflow/tfjs-node" -> "tfjs-node". */
export function shortName(pkg: string): string {
  return pkg.replace(/^@tensorflow\//, '');
}

/** The first non-empty line of an error's message, for one-sentence reasons. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((l) => l.trim() !== '');
  return (line ?? text).trim();
}

/** True when `error` says `pkg` itself cannot be resolved (not one of its own imports). */
export function isPackageNotFound(error: unknown, pkg: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  return firstLine(error).includes(`'${pkg}'`);
}

/**
 * Describes a failed `require.resolve(pkg)` / `require(pkg)`: "not installed" when the
 * package itself is missing, otherwise "installed but failed to load" with the error's
 * first line and, for native packages, what usually fixes it.
 */
export function describeRequireFailure(pkg: string, error: unknown): LoadOutcome & { ok: false } {
  const name = shortName(pkg);
  const native = pkg.startsWith('@tensorflow/tfjs-node');
  if (isPackageNotFound(error, pkg)) {
    return { ok: false, why: `${name} not installed`, hint: native ? OFFLINE_HINT : undefined };
  }
  const line = firstLine(error);
  const missingNative = native && /tfjs_binding\.node|libtensorflow/i.test(line);
  return {
    ok: false,
    why: `${name} installed but failed to load: ${line}`,
    hint: missingNative ? `reinstall ${pkg} with network access so it can fetch libtensorflow` : undefined,
  };
}
