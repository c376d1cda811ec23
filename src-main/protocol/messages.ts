/**
 * Envelopes for request/reply/event traffic between the engine, its host and serve mode's
 * WebSocket, with the checks every receiver runs before it trusts a message.
 */
import { z } from 'zod';
import { events, isEventName, isMethodName, methods } from './contract';
import type { EventName, EventPayload, MethodName, MethodResult, ValidParams } from './contract';
import { WorkbenchErrorBody } from './schemas';
import type { ErrorCode } from './schemas';

/** A request as it travels: `id` correlates the reply. */
export interface RequestMessage {
  type: 'request';
  id: number;
  method: MethodName;
  params: unknown;
}

/** A reply; `id` is null when the request was too malformed to carry one. */
export type ReplyMessage =
  | { type: 'reply'; id: number | null; ok: true; result: unknown }
  | { type: 'reply'; id: number | null; ok: false; error: WorkbenchErrorBody };

/** An event pushed to every listener. */
export interface EventMessage {
  type: 'event';
  event: EventName;
  payload: unknown;
}

const RequestEnvelope = z.strictObject({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  params: z.unknown(),
});

const ReplyEnvelope = z.union([
  z.strictObject({ type: z.literal('reply'), id: z.number().int().nullable(), ok: z.literal(true), result: z.unknown() }),
  z.strictObject({ type: z.literal('reply'), id: z.number().int().nullable(), ok: z.literal(false), error: WorkbenchErrorBody }),
]);

const EventEnvelope = z.strictObject({ type: z.literal('event'), event: z.string(), payload: z.unknown() });

/** The outcome of checking a received message. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: WorkbenchErrorBody; id: number | null };

function failure(code: ErrorCode, message: string, id: number | null = null): { ok: false; error: WorkbenchErrorBody; id: number | null } {
  return { ok: false, error: { code, message }, id };
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/** A validated request: method known, params checked and defaulted. */
export type ValidRequest = { [M in MethodName]: { id: number; method: M; params: ValidParams<M> } }[MethodName];

/** Checks a request envelope and its params against the contract. */
export function checkRequest(message: unknown): Checked<ValidRequest> {
  const envelope = RequestEnvelope.safeParse(message);
  if (!envelope.success) {
    const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : null;
    return failure('bad-request', `Malformed request: ${describe(envelope.error)}`, id);
  }
  const { id, method, params } = envelope.data;
  if (!isMethodName(method)) return failure('unknown-method', `Unknown method "${method.slice(0, 64)}".`, id);
  const parsed = methods[method].params.safeParse(params);
  if (!parsed.success) return failure('bad-request', `Invalid parameters for ${method}: ${describe(parsed.error)}`, id);
  return { ok: true, value: { id, method, params: parsed.data } as ValidRequest };
}

/** Checks a reply envelope; the result itself is checked with `checkResult`. */
export function checkReply(message: unknown): Checked<ReplyMessage> {
  const envelope = ReplyEnvelope.safeParse(message);
  if (!envelope.success) return failure('bad-request', `Malformed reply: ${describe(envelope.error)}`);
  return { ok: true, value: envelope.data };
}

/** Checks a method's result against the contract. */
export function checkResult<M extends MethodName>(method: M, result: unknown): Checked<MethodResult<M>> {
  const parsed = methods[method].result.safeParse(result);
  if (!parsed.success) return failure('internal', `Invalid result for ${method}: ${describe(parsed.error)}`);
  return { ok: true, value: parsed.data as MethodResult<M> };
}

/** A validated event. */
export type ValidEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

/** Checks an event envelope and its payload against the contract. */
export function checkEvent(message: unknown): Checked<ValidEvent> {
  const envelope = EventEnvelope.safeParse(message);
  if (!envelope.success) return failure('bad-request', `Malformed event: ${describe(envelope.error)}`);
  const { event, payload } = envelope.data;
  if (!isEventName(event)) return failure('unknown-method', `Unknown event "${event.slice(0, 64)}".`);
  const parsed = events[event].safeParse(payload);
  if (!parsed.success) return failure('bad-request', `Invalid ${event} event: ${describe(parsed.error)}`);
  return { ok: true, value: { event, payload: parsed.data } as ValidEvent };
}

/** Builds an error reply. */
export function errorReply(id: number | null, code: ErrorCode, message: string): ReplyMessage {
  return { type: 'reply', id, ok: false, error: { code, message } };
}

/** Distinguishes envelopes by their `type` field without trusting anything else. */
export function messageType(message: unknown): 'request' | 'reply' | 'event' | null {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'request' || type === 'reply' || type === 'event' ? type : null;
}
