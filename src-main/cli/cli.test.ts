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

describe('latent train and runs', () => {
  it('--json prints progress lines, then a result with valLoss and samplesPerSecond, and writes the run', () => {
    const r = run('train', '--model', 'dense-ae', '--epochs', '2', '--max-train-samples', '256', '--json');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.slice(0, -1).every((l) => l.type === 'progress')).toBe(true);
    expect(lines.filter((l) => l.kind === 'epoch')).toHaveLength(2);
    // images are not printed as JSON numbers
    expect(r.stdout).not.toContain('"originals"');
    const result = lines.at(-1);
    expect(result).toMatchObject({ type: 'result', status: 'completed', metrics: { epochs: 2 } });
    expect(result.metrics.valLoss).toBeLessThan(0.69);
    expect(result.metrics.samplesPerSecond).toBeGreaterThan(0);
    const runs = run('runs', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(runs[0]).toMatchObject({ runId: result.runId, model: 'dense-ae', status: 'completed', epochs: 2, dir: result.dir });
  });

  it('resume continues a run from its checkpoint to more epochs, and a VAE reports recon and kl', () => {
    const first = run('train', '--model', 'vae', '--epochs', '1', '--max-train-samples', '256', '--json');
    expect(first.status).toBe(0);
    const trained = JSON.parse(first.stdout.trim().split('\n').at(-1)!);
    expect(trained.metrics).toMatchObject({ epochs: 1, recon: expect.any(Number), kl: expect.any(Number) });
    const second = run('resume', trained.runId, '--epochs', '2', '--json');
    expect(second.status).toBe(0);
    const lines = second.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'progress', kind: 'started', startEpoch: 1 });
    expect(lines.at(-1)).toMatchObject({ type: 'result', runId: trained.runId, status: 'completed', metrics: { epochs: 2 } });
  });

  it.each([
    [['resume'], /needs the run id/],
    [['resume', 'no-such-run'], /no readable run no-such-run/],
    [['train', '--model', 'vae', 'extra'], /Unexpected argument "extra"/],
    [['train', '--model', 'dense-ae', '--classes', '1,x'], /--classes takes labels/],
    [['train', '--model', 'dense-ae', '--noise', '2'], /--noise/],
    [['train', '--model', 'dense-ae', '--noise-kind', 'masking'], /--noise-kind needs --noise/],
    [['train', '--model', 'aae', '--image-adversarial', '-1'], /--image-adversarial/],
    [['train', '--model', 'vae', '--kl-warmup', '1.5'], /--kl-warmup/],
    [['train', '--model', 'dense-ae', '--noise', '0.3', '--noise-kind', 'salt'], /--noise-kind/],
    [['train'], /--model is required/],
    [['train', '--model', 'gan'], /--model/],
    [['train', '--model', 'vae', '--epochs', 'lots'], /--epochs must be a number/],
    [['train', '--model', 'vae', '--lr', '0'], /--lr/],
    [['train', '--model', 'vae', '--dataset', 'cifar'], /No dataset "cifar"/],
    [['train', '--modle', 'vae'], /Unknown option '--modle'/],
  ])('%j exits 2 with one clear sentence, no stack trace', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
