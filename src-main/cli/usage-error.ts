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
