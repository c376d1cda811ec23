/** Turns anything a request rejected with into a sentence for the UI. */
import { WorkbenchError } from '../../../src-main/protocol';

/** "busy: A run is in progress." for WorkbenchErrors, the message for other errors. */
export function describeError(error: unknown): string {
  if (error instanceof WorkbenchError) return `${error.message} (${error.code})`;
  // an error-shaped object (e.g. structured-cloned) still has a message and maybe a code
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message, code } = error as { message: unknown; code?: unknown };
    return typeof code === 'string' ? `${String(message)} (${code})` : String(message);
  }
  return String(error);
}
