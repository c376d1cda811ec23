/** Answers one WebSocket frame from a browser: decode, validate, forward to the engine. */
import { WorkbenchError, checkRequest, decodeFrame, errorReply } from '../protocol';
import type { ReplyMessage } from '../protocol';
import type { EngineHost } from '../host/engine-host';

/** The reply to a frame; malformed frames get an error reply and change nothing. */
export async function answerFrame(engine: Pick<EngineHost, 'request'>, frame: string | Uint8Array): Promise<ReplyMessage> {
  let message: unknown;
  try {
    message = decodeFrame(frame);
  } catch (error) {
    return errorReply(null, 'bad-request', `Unreadable message: ${error instanceof Error ? error.message : String(error)}`);
  }
  const checked = checkRequest(message);
  if (!checked.ok) return errorReply(checked.id, checked.error.code, checked.error.message);
  const { id, method, params } = checked.value;
  try {
    const result = await engine.request(method, params);
    return { type: 'reply', id, ok: true, result };
  } catch (error) {
    if (error instanceof WorkbenchError) return errorReply(id, error.code, error.message);
    return errorReply(id, 'internal', error instanceof Error ? error.message : String(error));
  }
}
