/**
 * Serve mode: the built UI over HTTP and the engine over a WebSocket, for a browser on this
 * machine or through an SSH tunnel. Loopback by default; every request needs the token;
 * the WebSocket also checks Origin and Host, which stops other sites and DNS rebinding.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { WEBSOCKET_PATH, encodeFrame } from '../protocol';
import type { EngineHost } from '../host/engine-host';
import { CONTENT_SECURITY_POLICY_HEADER, readStatic } from './static-files';
import { TOKEN_COOKIE, newToken, requestToken, tokenMatches } from './token';
import { answerFrame } from './ws-handler';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** folder of the built renderer (out/renderer) */
  staticDir: string;
  engine: EngineHost;
  token?: string;
}

export interface RunningServer {
  /** the URL to open, token included */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest WebSocket message accepted from a browser; requests are small. */
const MAX_PAYLOAD = 1024 * 1024;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  let boundPort = 0;
  const allowedHosts = (): Set<string> =>
    new Set([`${host}:${boundPort}`, `localhost:${boundPort}`, `127.0.0.1:${boundPort}`, `[::1]:${boundPort}`]);

  const http = createServer((req, res) => void handleHttp(req, res));
  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Only GET is served here.');
    // on loopback a foreign Host header means DNS rebinding; elsewhere the token decides
    if (isLoopback(host) && !allowedHosts().has(req.headers.host ?? '')) return plain(res, 403, 'Forbidden host.');
    if (!tokenMatches(token, requestToken(url, req.headers.cookie))) {
      return plain(res, 401, 'Missing or wrong token: open the full URL that `latent serve` printed (it ends in ?token=…).');
    }
    // the cookie lets the page's own assets and WebSocket carry the token from here on
    const cookie = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    if (url.searchParams.has('token')) {
      // drop the token from the address bar (and history, bookmarks, screenshots) once it is a cookie
      url.searchParams.delete('token');
      // one leading slash: "//host" would send the browser to another site
      const location = '/' + url.pathname.replace(/^\/+/, '') + url.search;
      res.writeHead(303, { ...SECURITY_HEADERS, Location: location, 'Set-Cookie': cookie });
      return void res.end();
    }
    const file = await readStatic(options.staticDir, url.pathname);
    if (!file) return plain(res, 404, `Not found: ${url.pathname}`);
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.type, 'Set-Cookie': cookie });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${text}\n`);
    };
    if (url.pathname !== WEBSOCKET_PATH) return reject(404, 'Not Found');
    if (!tokenMatches(token, requestToken(url, req.headers.cookie))) return reject(401, 'Unauthorized');
    const hostHeader = req.headers.host ?? '';
    if (isLoopback(host) && !allowedHosts().has(hostHeader)) return reject(403, 'Forbidden host');
    if (req.headers.origin !== `http://${hostHeader}`) return reject(403, 'Forbidden origin');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    // an oversized or broken frame closes this socket (ws does that itself); unheard, the
    // error event would throw and take the whole server down
    ws.on('error', () => ws.terminate());
    ws.send(encodeFrame({ type: 'event', event: 'engineStatus', payload: options.engine.status() }));
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? new Uint8Array(data as Buffer) : (data as Buffer).toString('utf8');
      void answerFrame(options.engine, frame).then((reply) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeFrame(reply));
      });
    });
  });

  const unsubscribe = options.engine.onEvent((event) => {
    const frame = encodeFrame({ type: 'event', ...event });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  boundPort = (http.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${boundPort}/?token=${token}`,
    port: boundPort,
    token,
    close: async () => {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** True for the addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text + '\n');
}
