/** Turns a checked reply into its validated result, or the WorkbenchError to reject with. */
import { WorkbenchError, checkResult } from '../../../src-main/protocol';
import type { MethodName, MethodResult, ReplyMessage } from '../../../src-main/protocol';

/** The reply's result checked against the contract; throws the reply's error, or 'internal'. */
export function resultOf<M extends MethodName>(method: M, reply: ReplyMessage): MethodResult<M> {
  if (!reply.ok) throw WorkbenchError.from(reply.error);
  const result = checkResult(method, reply.result);
  if (!result.ok) throw WorkbenchError.from(result.error);
  return result.value;
}
