// Thousands of hostile frames against serve mode's WebSocket: each gets an error reply, none
// reaches the engine, the connection stays usable; oversized frames close only that socket.
import fc from 'fast-check';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EngineHost } from '../host/engine-host';
import { malformedRequest, prototypesClean } from '../host/hostile-messages';
import { decodeFrame, encodeFrame, methods } from '../protocol';
import type { ReplyMessage } from '../protocol';
import { startServer } from './serve';
import type { RunningServer } from './serve';
import { answerFrame } from './ws-handler';

const SEED = 20261127;

/** A host stand-in that records what reaches it and answers getInfo. */
function recordingEngine() {
  const calls: { method: string; params: unknown }[] = [];
  const engine = {
    request: async (method: string, params: unknown) => {
      calls.push({ method, params });
      if (method === 'getInfo') return { backend: 'cpu', reason: 'test', versions: {}, dataDir: '/d' };
      return { stopped: false };
    },
    onEvent: () => () => {},
    status: () => ({ state: 'ready', detail: 'Ready', runId: null }),
  };
  return { engine: engine as unknown as EngineHost, calls };
}

/** What malformedRequest makes, as a text frame, a binary frame, or something unparsable. */
const hostileFrame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  malformedRequest.map((m) => {
    const encoded = encodeFrame(m);
    // undefined (e.g. a bare function-less `undefined`) is not sendable; send the text "undefined"
    return encoded === undefined ? 'undefined' : encoded;
  }),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom('{', '[]', 'null', '"request"', '{"type":"request"', '{"__proto__":{"polluted":true}}'),
);

describe('answerFrame under fuzzing', () => {
  it('answers every hostile frame with an error reply and forwards nothing', async () => {
    const { engine, calls } = recordingEngine();
    await fc.assert(
      fc.asyncProperty(hostileFrame, async (frame) => {
        const reply = await answerFrame(engine, frame);
        expect(reply.type).toBe('reply');
        expect(reply.ok).toBe(false);
        expect(prototypesClean()).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
    // whatever reached the engine was a valid request (random text is never one)
    for (const { method, params } of calls) expect(methods[method as keyof typeof methods].params.safeParse(params).success).toBe(true);
    expect(calls).toHaveLength(0);
    // and it still serves a good request
    await expect(answerFrame(engine, encodeFrame({ type: 'request', id: 9, method: 'getInfo', params: {} }))).resolves.toMatchObject({ id: 9, ok: true });
  });
});

describe('the WebSocket server under hostile traffic', () => {
  let server: RunningServer;
  let origin: string;
  const { engine, calls } = recordingEngine();

  beforeAll(async () => {
    const staticDir = await mkdtemp(join(tmpdir(), 'latent-static-'));
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Latent Workbench</title>');
    server = await startServer({ staticDir, engine });
    origin = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  function connect(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { headers: { Origin: origin } });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  }

  it('replies to each of 500 hostile frames with an error, then answers a good request', async () => {
    const ws = await connect();
    const replies: ReplyMessage[] = [];
    ws.on('message', (data, isBinary) => {
      const message = decodeFrame(isBinary ? new Uint8Array(data as Buffer) : (data as Buffer).toString('utf8')) as { type: string };
      if (message.type === 'reply') replies.push(message as ReplyMessage);
    });
    // frames over the 1 MB limit close the socket instead (next test)
    const frames = fc.sample(hostileFrame, { seed: SEED, numRuns: 600 }).filter((f) => f.length < 1024 * 1024).slice(0, 500);
    for (const frame of frames) ws.send(frame);
    await expect.poll(() => replies.length, { timeout: 20_000 }).toBe(frames.length);
    expect(replies.every((r) => !r.ok)).toBe(true);
    expect(calls).toHaveLength(0);
    ws.send(encodeFrame({ type: 'request', id: 77, method: 'getInfo', params: {} }));
    await expect.poll(() => replies.find((r) => r.id === 77)).toMatchObject({ ok: true });
    ws.close();
  });

  it('closes a socket that sends more than the payload limit, and accepts the next one', async () => {
    const ws = await connect();
    ws.on('error', () => {});
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(2 * 1024 * 1024));
    // 1009: message too big
    expect(await closed).toBe(1009);
    const next = await connect();
    const received: unknown[] = [];
    next.on('message', (d) => received.push(decodeFrame((d as Buffer).toString('utf8'))));
    next.send(encodeFrame({ type: 'request', id: 1, method: 'getInfo', params: {} }));
    await expect.poll(() => received.find((m) => (m as { type: string }).type === 'reply')).toMatchObject({ id: 1, ok: true });
    next.close();
  });
});
