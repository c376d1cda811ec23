/**
 * The `app:` protocol the window loads from, instead of `file:`: it answers only for the
 * app's host and only with files inside the renderer bundle (readStatic refuses `..`,
 * encoded or not, and absolute paths), each with the renderer's Content-Security-Policy.
 */
import { protocol } from 'electron';
import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY_HEADER, readStatic } from '../server/static-files';
import { APP_HOST, APP_SCHEME } from './app-page';

/** Must run before the app is ready: a standard, secure scheme, so 'self' and modules work. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves `bundleDir` (out/renderer) as app://workbench/ in `session`. */
export function serveAppProtocol(session: Session, bundleDir: string): void {
  session.protocol.handle(APP_SCHEME, (request) => bundleResponse(bundleDir, request.method, request.url));
}

/** The response for one request: a bundle file, or 404 for anything else. */
export async function bundleResponse(bundleDir: string, method: string, url: string): Promise<Response> {
  const parsed = new URL(url);
  const file = method === 'GET' && parsed.host === APP_HOST ? await readStatic(bundleDir, parsed.pathname) : null;
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER, 'X-Content-Type-Options': 'nosniff' };
  if (!file) return new Response('Not found', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  return new Response(new Uint8Array(file.body), { status: 200, headers: { ...headers, 'Content-Type': file.type } });
}
