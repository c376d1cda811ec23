// Thousands of malformed messages against the protocol's checks and the WebSocket framing:
// nothing throws (except decodeFrame, which throws only readable Errors), everything
// malformed is refused, nothing pollutes a prototype. Seeds are fixed so CI repeats exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POLLUTING_KEYS, malformedRequest, poison, pollutedObject, prototypesClean } from '../host/hostile-messages';
import { eventNames, methods } from './contract';
import { checkEvent, checkReply, checkRequest, checkResult } from './messages';
import { decodeFrame, encodeFrame } from './wire';

const RUNS = { seed: 20261127, numRuns: 2000 } as const;

describe('checkRequest under fuzzing', () => {
  it('refuses every malformed request with an error body, without throwing', () => {
    fc.assert(
      fc.property(malformedRequest, (message) => {
        const checked = checkRequest(message);
        expect(checked.ok).toBe(false);
        if (checked.ok) return;
        expect(['bad-request', 'unknown-method']).toContain(checked.error.code);
        expect(checked.error.message.length).toBeGreaterThan(0);
        // a message, not an echo: even a 2 MB method name yields a short sentence
        expect(checked.error.message.length).toBeLessThan(1000);
        expect(prototypesClean()).toBe(true);
      }),
      RUNS,
    );
  });

  it('lets through only what the contract accepts, whatever it is given', () => {
    fc.assert(
      fc.property(fc.record({ type: fc.constant('request'), id: fc.anything(), method: fc.constantFrom(...Object.keys(methods), ...POLLUTING_KEYS), params: fc.oneof(fc.anything(), poison) }), (message) => {
        const checked = checkRequest(message);
        if (!checked.ok) return;
        const { id, method, params } = checked.value;
        expect(Number.isInteger(id) && id >= 0).toBe(true);
        expect(Object.hasOwn(methods, method)).toBe(true);
        expect(methods[method].params.safeParse(params).success).toBe(true);
      }),
      RUNS,
    );
  });

  it('keeps the id of a malformed request when it has a usable one, so the caller is answered', () => {
    const checked = checkRequest({ type: 'request', id: 7, method: 'startTraining', params: { datasetId: 'mnist-10k', model: 'nope' } });
    expect(checked).toMatchObject({ ok: false, id: 7, error: { code: 'bad-request' } });
  });
});

describe('checkEvent and checkReply under fuzzing', () => {
  it('refuse garbage events and events with poisoned payloads', () => {
    const event = fc.record({
      type: fc.constant('event'),
      event: fc.oneof(fc.constantFrom(...eventNames, ...POLLUTING_KEYS, 'toString'), fc.string()),
      payload: fc.oneof(fc.anything(), poison, pollutedObject),
    });
    fc.assert(
      fc.property(fc.oneof(event, fc.anything()), (message) => {
        const checked = checkEvent(message);
        // no generated payload has the shape of a real event: they are all refused
        expect(checked.ok).toBe(false);
        expect(prototypesClean()).toBe(true);
      }),
      RUNS,
    );
  });

  it('refuse a progress event whose pixels hold NaN', () => {
    const images = new Float32Array(4).fill(0.5);
    images[2] = Number.NaN;
    const payload = { kind: 'reconstructions', runId: 'r', seq: 3, epoch: 1, count: 1, width: 2, height: 2, originals: new Float32Array(4), reconstructions: images };
    expect(checkEvent({ type: 'event', event: 'trainingProgress', payload }).ok).toBe(false);
  });

  it('refuse garbage replies and results', () => {
    const reply = fc.record({
      type: fc.constant('reply'),
      id: fc.oneof(fc.nat(), fc.constant(null), fc.anything()),
      ok: fc.anything(),
      error: fc.oneof(fc.anything(), fc.record({ code: fc.string(), message: fc.anything() })),
    });
    fc.assert(
      fc.property(reply, fc.constantFrom(...Object.keys(methods)), fc.oneof(fc.anything(), poison), (message, method, result) => {
        const checked = checkReply(message);
        if (checked.ok) expect(checked.value.ok === true || typeof checked.value.error.message === 'string').toBe(true);
        const resultChecked = checkResult(method as keyof typeof methods, result);
        if (resultChecked.ok) expect(methods[method as keyof typeof methods].result.safeParse(result).success).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('decodeFrame under fuzzing', () => {
  it('decodes or throws a readable Error for any text or bytes, never anything else', () => {
    const frame = fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), binaryWithHeader());
    fc.assert(
      fc.property(frame, (f) => {
        try {
          decodeFrame(f);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message.length).toBeGreaterThan(0);
        }
        expect(prototypesClean()).toBe(true);
      }),
      RUNS,
    );
  });

  it('round-trips any JSON message with typed arrays inside', () => {
    const typed = fc.oneof(
      fc.float32Array({ maxLength: 50, noDefaultInfinity: true, noNaN: true }),
      fc.uint8Array({ maxLength: 50 }),
      fc.int32Array({ maxLength: 50 }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.jsonValue({ maxDepth: 2 }), typed)), (message) => {
        expect(decodeFrame(encodeFrame(message))).toEqual(message);
      }),
      { seed: RUNS.seed, numRuns: 500 },
    );
  });

  it('refuses placeholders that point outside the frame or misalign', () => {
    for (const placeholder of [
      { $typed: 'Float32Array', offset: 0, length: 1e9 },
      { $typed: 'Float32Array', offset: 3, length: 1 },
      { $typed: 'Float32Array', offset: 1e15, length: 1 },
    ]) {
      expect(() => decodeFrame(binaryFrame(JSON.stringify({ x: placeholder }), 8))).toThrow(/outside the frame/);
    }
  });
});

/** [u32 header length][header][body] with a random header and body. */
function binaryWithHeader(): fc.Arbitrary<Uint8Array> {
  const header = fc.oneof(
    fc.json(),
    fc.record({ $typed: fc.constantFrom('Float32Array', 'Uint8Array', 'Int32Array', '__proto__', 'constructor'), offset: fc.integer(), length: fc.integer() }).map((p) => JSON.stringify({ a: p })),
  );
  return fc.tuple(header, fc.nat({ max: 64 })).map(([text, body]) => binaryFrame(text, body));
}

function binaryFrame(header: string, bodyBytes: number): Uint8Array {
  const bytes = new TextEncoder().encode(header);
  const start = Math.ceil((4 + bytes.length) / 8) * 8;
  const frame = new Uint8Array(start + bodyBytes);
  new DataView(frame.buffer).setUint32(0, bytes.length, true);
  frame.set(bytes, 4);
  return frame;
}
