// Who may import whom (STYLE.md): the contract imports nothing runtime-specific, the engine
// never reaches Electron or its hosts, and the renderer sees only the contract of src-main.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports, resolved to a repo-relative path for relative ones. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specifiers.map((s) => (s.startsWith('.') ? relative(resolve('.'), resolve(file, '..', s)) : s));
}

function violations(dir: string, forbidden: (specifier: string) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) => imports(file).filter(forbidden).map((s) => `${file} imports ${s}`));
}

describe('import boundaries', () => {
  it('the contract imports only itself and zod', () => {
    expect(violations('src-main/protocol', (s) => !s.startsWith('src-main/protocol') && s !== 'zod')).toEqual([]);
  });

  it('the engine never imports electron, main, host, server or cli', () => {
    expect(violations('src-main/engine', (s) => s === 'electron' || /^src-main\/(main|preload|host|server|cli)\b/.test(s))).toEqual([]);
  });

  it('the renderer imports nothing from src-main but the contract', () => {
    expect(violations('src-renderer', (s) => s.startsWith('src-main') && !s.startsWith('src-main/protocol'))).toEqual([]);
  });

  it('only main and the preload import electron', () => {
    const outside = ['src-main/protocol', 'src-main/engine', 'src-main/host', 'src-main/server', 'src-main/cli', 'src-renderer'];
    expect(outside.flatMap((dir) => violations(dir, (s) => s === 'electron' || s.startsWith('electron/')))).toEqual([]);
  });
});
