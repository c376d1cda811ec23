// The app: protocol serves the renderer bundle and nothing else, always with the CSP.
import type { Session } from 'electron';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY_HEADER } from '../server/static-files';

const registerSchemesAsPrivileged = vi.hoisted(() => vi.fn());
vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged } }));

const { bundleResponse, registerAppScheme, serveAppProtocol } = await import('./app-protocol');

// the bundle <tmp>/renderer, with <tmp>/secret.txt and <tmp>/renderer-evil/x.js beside it
const outside = mkdtempSync(join(tmpdir(), 'latent-app-protocol-'));
const bundle = join(outside, 'renderer');
mkdirSync(join(bundle, 'assets'), { recursive: true });
mkdirSync(join(outside, 'renderer-evil'));
writeFileSync(join(bundle, 'index.html'), '<!doctype html><title>Latent Workbench</title>');
writeFileSync(join(bundle, 'assets', 'index.js'), 'export {};');
writeFileSync(join(outside, 'secret.txt'), 'secret');
writeFileSync(join(outside, 'renderer-evil', 'x.js'), 'secret');

describe('the app: protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    registerAppScheme();
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves bundle files with their type and the CSP header', async () => {
    const page = await bundleResponse(bundle, 'GET', 'app://workbench/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(await page.text()).toContain('Latent Workbench');
    const script = await bundleResponse(bundle, 'GET', 'app://workbench/assets/index.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    'app://workbench/../secret.txt',
    'app://workbench/%2e%2e/secret.txt',
    'app://workbench/..%2fsecret.txt',
    'app://workbench/%2e%2e%2fsecret.txt',
    'app://workbench/%2E%2E%2Fsecret.txt',
    'app://workbench/assets/..%2f..%2fsecret.txt',
    'app://workbench/..%5csecret.txt',
    'app://workbench/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    'app://workbench/..%2frenderer-evil%2fx.js',
    `app://workbench/${encodeURIComponent(join(outside, 'secret.txt'))}`,
    'app://workbench//etc/passwd',
    'app://workbench/%2fetc%2fpasswd',
    'app://workbench/index.html%00.js',
    'app://workbench/%E0%A4%A',
    'app://workbench/missing.js',
    'app://evil/index.html',
    'app://workbench.evil/index.html',
  ])('answers 404 for %s', async (url) => {
    const response = await bundleResponse(bundle, 'GET', url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('secret');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
  });

  it('answers only GET', async () => {
    expect((await bundleResponse(bundle, 'POST', 'app://workbench/index.html')).status).toBe(404);
  });

  it('is handled in the session it is installed in', async () => {
    const handle = vi.fn();
    serveAppProtocol({ protocol: { handle } } as unknown as Session, bundle);
    expect(handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = handle.mock.calls[0]![1] as (request: Pick<Request, 'method' | 'url'>) => Promise<Response>;
    expect((await handler({ method: 'GET', url: 'app://workbench/index.html' })).status).toBe(200);
    expect((await handler({ method: 'GET', url: 'app://evil/index.html' })).status).toBe(404);
  });
});
