// The renderer's Content-Security-Policy: its directives, the copy in index.html, and the
// header serve mode sends with every response.
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineHost } from '../host/engine-host';
import { startServer } from './serve';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from './static-files';

/** directive -> its sources, as a browser reads a policy */
function parse(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** the sources a fetch is checked against: the first directive of CSP's fallback chain present */
function sourcesFor(directives: Map<string, string[]>, ...chain: string[]): string[] {
  for (const name of [...chain, 'default-src']) {
    const sources = directives.get(name);
    if (sources) return sources;
  }
  return [];
}

describe('the renderer CSP', () => {
  const directives = parse(CONTENT_SECURITY_POLICY);

  it('runs only the bundle’s own scripts: nothing inline, no eval, nothing remote', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(sourcesFor(directives, 'script-src-elem', 'script-src')).toEqual(["'self'"]);
    expect(sourcesFor(directives, 'script-src-attr', 'script-src')).toEqual(["'self'"]);
    expect(sourcesFor(directives, 'worker-src', 'child-src', 'script-src')).toEqual(["'self'"]);
    expect(sourcesFor(directives, 'object-src')).toEqual(["'none'"]);
    expect(sourcesFor(directives, 'frame-src', 'child-src')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic|nonce-|sha\d+-/);
  });

  it('names no host, scheme or wildcard, except data: images (the favicon)', () => {
    for (const [name, sources] of directives) {
      for (const source of sources) {
        const allowed = /^'(self|none)'$/.test(source) || (name === 'img-src' && source === 'data:');
        expect(allowed, `${name} ${source}`).toBe(true);
      }
    }
  });

  it('connects only to the app itself (in serve mode, its own WebSocket)', () => {
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
  });

  it('is the policy of index.html’s meta tag; the header adds frame-ancestors', () => {
    const html = readFileSync(new URL('../../src-renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(parse(CONTENT_SECURITY_POLICY_HEADER)).toEqual(new Map([...directives, ['frame-ancestors', ["'none'"]]]));
  });

  it('comes with every serve-mode response, even refusals', async () => {
    const staticDir = await mkdtemp(join(tmpdir(), 'latent-csp-'));
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Latent Workbench</title>');
    const engine = { onEvent: () => () => {} } as unknown as EngineHost;
    const server = await startServer({ staticDir, engine });
    try {
      const origin = `http://127.0.0.1:${server.port}`;
      for (const url of [server.url, `${origin}/`, `${origin}/missing.js?token=${server.token}`]) {
        const response = await fetch(url);
        expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY_HEADER);
      }
    } finally {
      await server.close();
    }
  });
});
