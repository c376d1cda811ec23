/** Turns raw messages into validated engine calls and their replies; never trusts input. */
import { WorkbenchError, checkRequest, errorReply } from '../protocol';
import type { ReplyMessage } from '../protocol';
import type { Engine } from './engine';

/** Answers one raw message with a reply message; malformed input gets an error reply. */
export async function answer(engine: Engine | Promise<Engine>, message: unknown): Promise<ReplyMessage> {
  const checked = checkRequest(message);
  if (!checked.ok) return errorReply(checked.id, checked.error.code, checked.error.message);
  const { id } = checked.value;
  try {
    const result = await (await engine).handle(checked.value);
    return { type: 'reply', id, ok: true, result };
  } catch (error) {
    if (error instanceof WorkbenchError) return errorReply(id, error.code, error.message);
    return errorReply(id, 'internal', error instanceof Error ? error.message : String(error));
  }
}
