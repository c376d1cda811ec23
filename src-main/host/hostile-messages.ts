/**
 * Hostile input for the fuzz tests of every boundary (protocol checks, WebSocket, IPC router,
 * engine message handler): fast-check arbitraries of messages that are wrong in every way a
 * buggy or malicious peer could make them, each one malformed by construction.
 * Test-only: nothing in the app imports it.
 */
import fc from 'fast-check';
import { methodNames } from '../protocol';

/** Keys that poison prototypes when code merges objects carelessly. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Valid params for a few methods, to mutate into invalid ones. */
export const VALID_PARAMS: Record<string, Record<string, unknown>> = {
  startTraining: { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 1 },
  stopTraining: { runId: 'r1' },
  pauseTraining: { runId: 'r1', paused: true },
  resumeTraining: { runId: 'r1', epochs: 2 },
  deleteRun: { runId: 'r1' },
  getRunHistory: { runId: 'r1' },
  inferDrawing: { runId: 'r1', pixels: new Float32Array(784) },
  startProjection: { runId: 'r1', method: 'pca' },
  cancelProjection: { projectionId: 'p1' },
  beginModelUpload: { files: [{ path: 'exports/model.json', bytes: 1 }] },
  uploadModelChunk: { uploadId: 'u1', path: 'exports/model.json', offset: 0, bytes: new Uint8Array(1) },
  cancelModelUpload: { uploadId: 'u1' },
  importModel: { source: { kind: 'upload', uploadId: 'u1' } },
};

const HUGE = 'x'.repeat(2_000_000);

/** Values no field of the contract accepts (no schema takes bare NaN, objects where scalars go, …). */
export const poison: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, HUGE, -1e308),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true}}') as unknown),
  fc.constant(new Float32Array([Number.NaN, 2, -5])),
  fc.array(fc.constant(HUGE.slice(0, 1000)), { minLength: 1000, maxLength: 3000 }),
  fc.dictionary(fc.constantFrom(...POLLUTING_KEYS, 'a', 'b'), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }),
);

/** A JSON object whose keys include a polluting key as an own property, as JSON.parse makes them. */
export const pollutedObject: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(...POLLUTING_KEYS), fc.jsonValue({ maxDepth: 2 }))
  .map(([key, value]) => JSON.parse(`{"${key}": ${JSON.stringify(value) ?? 'null'}, "polluted": true}`) as unknown);

const badId = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5, '1', null, true, [], {}),
  fc.integer({ max: -1 }),
  fc.double({ noInteger: true }),
);
const badMethod = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', HUGE),
  fc.string({ maxLength: 40 }).filter((s) => !(methodNames as string[]).includes(s)),
);
const knownMethod = fc.constantFrom(...methodNames);
const someParams = fc.oneof(fc.anything(), pollutedObject, poison);

/** Request envelopes that are wrong somewhere: type, id, method, extra keys, or params. */
export const malformedRequest: fc.Arbitrary<unknown> = fc.oneof(
  // not an envelope at all
  fc.oneof(fc.anything(), poison, pollutedObject).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || !('type' in v) || (v as { type: unknown }).type !== 'request'),
  // the wrong type
  fc.record({ type: fc.oneof(fc.constantFrom('reply', 'event', 'REQUEST', ''), fc.anything()).filter((t) => t !== 'request'), id: fc.nat(), method: knownMethod, params: someParams }),
  // a bad id
  fc.record({ type: fc.constant('request'), id: badId, method: knownMethod, params: fc.constant({}) }),
  // an unknown method, including the names every object inherits
  fc.record({ type: fc.constant('request'), id: fc.nat(), method: badMethod, params: fc.constant({}) }),
  // a missing field
  fc.record({ type: fc.constant('request'), id: fc.nat(), method: knownMethod }),
  // an extra envelope key
  fc.tuple(fc.nat(), fc.constantFrom(...POLLUTING_KEYS, 'extra')).map(([id, key]) =>
    JSON.parse(`{"type":"request","id":${id},"method":"getInfo","params":{},"${key}":{"polluted":true}}`) as unknown,
  ),
  // valid params with one field replaced by poison, or an extra (polluting) key
  fc
    .tuple(fc.constantFrom(...Object.keys(VALID_PARAMS)), fc.nat(), poison, fc.boolean(), fc.constantFrom(...POLLUTING_KEYS, 'extra'))
    .map(([method, id, value, replace, extraKey]) => {
      const base = VALID_PARAMS[method]!;
      const params: Record<string, unknown> = { ...base };
      if (replace) params[Object.keys(base)[0]!] = value;
      else Object.defineProperty(params, extraKey, { value, enumerable: true, configurable: true, writable: true });
      return { type: 'request', id, method, params };
    }),
  // methods without params given something that is not an empty object
  fc.record({
    type: fc.constant('request'),
    id: fc.nat(),
    method: fc.constantFrom('getInfo', 'listDatasets', 'listRuns'),
    params: fc.oneof(poison, pollutedObject, fc.constantFrom(null, 0, 'x', [], undefined)),
  }),
);

/** True when nothing in the process had its Object prototype polluted. */
export function prototypesClean(): boolean {
  return !('polluted' in {}) && !('polluted' in Object.prototype);
}
