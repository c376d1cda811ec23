/** The error every transport rejects with, so callers can branch on `code`. */
import type { ErrorCode, WorkbenchErrorBody } from './schemas';

export class WorkbenchError extends Error {
  constructor(
    /** machine-readable reason */
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkbenchError';
  }

  static from(body: WorkbenchErrorBody): WorkbenchError {
    return new WorkbenchError(body.code, body.message);
  }
}
