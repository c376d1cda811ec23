/** A mistake in the command line: printed as one sentence with no stack trace, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `{ [key]: number }` from a flag's text, `{}` when absent; a UsageError when not a number. */
export function numberOption(key: string, text: string | undefined, flag: string): Record<string, number> {
  if (text === undefined) return {};
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`${flag} must be a number, not "${text}".`);
  return { [key]: value };
}

/** "0,3" -> [0, 3]: labels 0..255, repeats dropped; a UsageError naming the flag otherwise. */
export function labelListOption(text: string, flag: string): number[] {
  const labels = text.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (labels.some((label) => !Number.isInteger(label) || label < 0 || label > 255)) {
    throw new UsageError(`${flag} takes labels 0..255 separated by commas, like 0,3 (got "${text}").`);
  }
  return [...new Set(labels)];
}
