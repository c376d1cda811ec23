/** Starts `latent serve` on a free port with a fresh data dir, for one test. */
import { test as base } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface Served {
  url: string;
  origin: string;
  token: string;
}

export async function startServe(): Promise<{ served: Served; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/latent.mjs', 'serve', '--json', '--port', '0'], {
    env: { ...process.env, LATENT_HOME: mkdtempSync(join(tmpdir(), 'latent-e2e-')), LATENT_BACKEND: 'wasm' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`latent serve exited with ${code} before printing its URL`)));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { event?: string; url?: string };
      if (message.event === 'serving' && message.url) resolve(message.url);
    });
  });
  const parsed = new URL(url);
  return { served: { url, origin: parsed.origin, token: parsed.searchParams.get('token')! }, child };
}

// one server and data dir per test: a test that counts runs or datasets must not see what
// another spec file trained
export const test = base.extend<{ served: Served }>({
  served: async ({}, use) => {
    const { served, child } = await startServe();
    await use(served);
    child.kill('SIGTERM');
  },
});

export { expect } from '@playwright/test';
