import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, WorkbenchError } from '../protocol';
import type { EngineHost } from '../host/engine-host';
import { startServer } from './serve';
import { newToken, requestToken, tokenMatches } from './token';
import type { RunningServer } from './serve';

/** A host stand-in: answers stopTraining, refuses the rest as busy. */
const fakeEngine = {
  request: async (method: string, params: { runId?: string }) => {
    if (method === 'stopTraining') return { stopped: params.runId === 'live' };
    throw new WorkbenchError('busy', 'busy now');
  },
  onEvent: () => () => {},
  status: () => ({ state: 'ready', detail: 'Ready', runId: null }),
} as unknown as EngineHost;

let server: RunningServer;
let origin: string;

beforeEach(async () => {
  const staticDir = await mkdtemp(join(tmpdir(), 'latent-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Latent Workbench</title>');
  server = await startServer({ staticDir, engine: fakeEngine });
  origin = `http://127.0.0.1:${server.port}`;
});

afterEach(async () => {
  await server.close();
});

function connect(query: string, headers: Record<string, string> = { Origin: origin }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends a frame and resolves with the next reply (events are skipped). */
function call(ws: WebSocket, frame: string | Uint8Array): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer, isBinary: boolean) => {
      const message = decodeFrame(isBinary ? new Uint8Array(data) : data.toString()) as Record<string, unknown>;
      if (message.type !== 'reply') return;
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
    ws.send(frame);
  });
}

/** A GET with an exact path and headers (fetch would normalise "/../" and fix the Host). */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.once('error', reject);
    req.end();
  });
}

describe('the token check', () => {
  it('matches only the exact token, compared in constant time', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenMatches(token, token)).toBe(true);
    for (const wrong of [null, undefined, '', token.slice(0, -1), token + 'x', token.toUpperCase() === token ? 'x' : token.toUpperCase(), 'ä'.repeat(token.length)]) {
      expect(tokenMatches(token, wrong)).toBe(false);
    }
  });

  it('reads the token from the query first, else from its cookie', () => {
    expect(requestToken(new URL('http://h/?token=q'), 'latent_token=c')).toBe('q');
    expect(requestToken(new URL('http://h/'), 'a=1; latent_token=c=d; b=2')).toBe('c=d');
    expect(requestToken(new URL('http://h/'), 'latent_tokenx=c')).toBeNull();
  });
});

describe('serve mode', () => {
  it('binds loopback and prints a URL with the token', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{40,}$`));
  });

  it('serves the UI only with the token, then by cookie', async () => {
    expect((await fetch(`${origin}/`)).status).toBe(401);
    expect((await fetch(`${origin}/?token=wrong`)).status).toBe(401);
    // the token becomes an HttpOnly, SameSite cookie and leaves the address bar
    const exchanged = await fetch(server.url, { redirect: 'manual' });
    expect(exchanged.status).toBe(303);
    expect(exchanged.headers.get('location')).toBe('/');
    const setCookie = exchanged.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const ok = await fetch(`${origin}/`, { headers: { cookie } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Latent Workbench');
    expect((await fetch(`${origin}/index.html`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${origin}/index.html`, { headers: { cookie: 'latent_token=wrong' } })).status).toBe(401);
  });

  it('keeps the redirect on this site and other query parameters', async () => {
    const res = await fetch(`${origin}//evil.example/x?a=1&token=${server.token}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    // "//evil.example/x" is a protocol-relative URL: the redirect keeps only its path
    expect(res.headers.get('location')).toBe('/x?a=1');
  });

  it('refuses HTTP requests for a rebound host name (DNS rebinding), even with the token', async () => {
    const status = await rawGet(`/?token=${server.token}`, { Host: `evil.example:${server.port}` });
    expect(status).toBe(403);
    expect(await rawGet(`/?token=${server.token}`, { Host: `localhost:${server.port}` })).toBe(303);
  });

  it('answers path traversal, raw or encoded, with 404', async () => {
    const cookie = `latent_token=${server.token}`;
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/assets/..%5c..%5cpackage.json', '/%00']) {
      expect([path, await rawGet(path, { Cookie: cookie })]).toEqual([path, 404]);
    }
  });

  it('never serves files outside the UI folder', async () => {
    const res = await fetch(`${origin}/..%2f..%2fetc%2fpasswd`, { headers: { cookie: `latent_token=${server.token}` } });
    expect(res.status).toBe(404);
  });

  it('refuses WebSockets without the token, from another origin, or for a rebound host', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 401');
    await expect(connect(`?token=${server.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(
      connect(`?token=${server.token}`, { Origin: `http://evil.example:${server.port}`, Host: `evil.example:${server.port}` }),
    ).rejects.toThrow('HTTP 403');
  });

  it('answers malformed messages with an error reply and keeps serving', async () => {
    const ws = await connect(`?token=${server.token}`);
    try {
      expect(await call(ws, 'not json')).toMatchObject({ ok: false, id: null, error: { code: 'bad-request' } });
      expect(await call(ws, new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false, error: { code: 'bad-request' } });
      expect(await call(ws, JSON.stringify({ type: 'request', id: 5, method: 'eval', params: {} }))).toMatchObject({
        ok: false,
        id: 5,
        error: { code: 'unknown-method' },
      });
      expect(await call(ws, JSON.stringify({ type: 'request', id: 6, method: 'stopTraining', params: { runId: 7 } }))).toMatchObject({
        ok: false,
        id: 6,
        error: { code: 'bad-request' },
      });
      // the connection still works for a good request
      expect(await call(ws, encodeFrame({ type: 'request', id: 8, method: 'stopTraining', params: { runId: 'live' } }))).toEqual({
        type: 'reply',
        id: 8,
        ok: true,
        result: { stopped: true },
      });
      expect(await call(ws, encodeFrame({ type: 'request', id: 9, method: 'getInfo', params: {} }))).toMatchObject({
        id: 9,
        ok: false,
        error: { code: 'busy', message: 'busy now' },
      });
    } finally {
      ws.close();
    }
  });
});
