// The built `latent` command, run as a user would (`npm test` builds first).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'latent-cli-'));
const run = (...args: string[]) => spawnSync(process.execPath, ['bin/latent.mjs', ...args], { env: { ...process.env, LATENT_HOME: home }, encoding: 'utf8' });

describe('latent info', () => {
  it('--json prints one line with backend, reason, versions and dataDir', () => {
    const out = execFileSync(process.execPath, ['bin/latent.mjs', 'info', '--json'], { env: { ...process.env, LATENT_HOME: home }, encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const info = JSON.parse(lines[0]!);
    expect(Object.keys(info)).toEqual(['backend', 'reason', 'versions', 'dataDir']);
    // tfjs-node can't be installed on these machines, so the engine falls back to wasm and says why
    expect(info.backend).toBe('wasm');
    expect(info.reason).toMatch(/tfjs-node/);
    expect(info.versions.tfjs).toBe('4.22.0');
    expect(info.dataDir).toBe(home);
  });

  it('honours --backend and rejects an unknown one clearly', () => {
    const cpu = run('info', '--json', '--backend', 'cpu');
    expect(JSON.parse(cpu.stdout).backend).toBe('cpu');
    const bad = run('info', '--backend', 'tpu');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/node-gpu.*node.*wasm.*cpu/);
  });

  it('rejects an unknown command with the usage', () => {
    const r = run('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown command "frobnicate"/);
    expect(r.stderr).toMatch(/Usage: latent/);
  });
});
