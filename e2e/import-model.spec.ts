// Importing a model from the Runs view, in a browser against serve mode: a tiny VAE trained
// and exported by the `latent` command in "another machine's" data dir is picked as a folder
// in the page (encoder and decoder exports together), uploaded, imported, listed, opened and
// used by the Reconstructions view; the run folder itself imports the same way, and the
// exports by their path on the engine's machine; a folder with cut-short weights is refused
// with the engine's sentence, by upload and by path, and no run appears. While the engine is
// out of reach, the panel says so and imports nothing.
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startServe } from './serve-fixture';

interface Served {
  url: string;
  /** a folder holding the VAE's `encoder/` and `decoder/` tfjs exports */
  exported: string;
  /** the same with the decoder's weights cut to half */
  truncated: string;
  /** the trained run's own folder on "the other machine" */
  runFolder: string;
  /** the trained run's id */
  sourceRunId: string;
  /** the served engine's data dir (its LATENT_HOME) */
  home: string;
}

function latent(args: string[], env: NodeJS.ProcessEnv): string {
  const out = execFileSync(process.execPath, ['bin/latent.mjs', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').at(-1)!;
}

/** What `dir` holds (nothing when it is missing), sorted. */
const entries = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** Files under `dir`, at any depth. */
function fileCount(dir: string): number {
  return readdirSync(dir, { recursive: true }).filter((entry) => statSync(join(dir, String(entry))).isFile()).length;
}

const test = base.extend<object, { served: Served }>({
  served: [
    async ({}, use) => {
      // "another machine": its own data dir, where a VAE is trained and exported
      const other = { ...process.env, LATENT_HOME: mkdtempSync(join(tmpdir(), 'latent-e2e-import-src-')), LATENT_BACKEND: 'wasm' };
      const trained = JSON.parse(latent(['train', '--model', 'vae', '--epochs', '1', '--max-train-samples', '256', '--latent', '4', '--json'], other)) as { runId: string };
      const exported = join(mkdtempSync(join(tmpdir(), 'latent-e2e-import-pick-')), 'vae-export');
      for (const part of ['encoder', 'decoder']) latent(['export', trained.runId, '--what', part, '--format', 'tfjs', '--out', join(exported, part), '--json'], other);
      const truncated = join(mkdtempSync(join(tmpdir(), 'latent-e2e-import-bad-')), 'vae-export');
      cpSync(exported, truncated, { recursive: true });
      const weights = join(truncated, 'decoder', readdirSync(join(truncated, 'decoder')).find((name) => name.endsWith('.bin'))!);
      truncateSync(weights, Math.floor(statSync(weights).size / 2));

      // this machine: an empty data dir, served
      const env = { ...process.env, LATENT_HOME: mkdtempSync(join(tmpdir(), 'latent-e2e-import-')), LATENT_BACKEND: 'wasm' };
      const child = spawn(process.execPath, ['bin/latent.mjs', 'serve', '--json', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      const url = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`latent serve exited with ${code} before printing its URL`)));
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const message = JSON.parse(line) as { event?: string; url?: string };
          if (message.event === 'serving' && message.url) resolve(message.url);
        });
      });
      await use({ url, exported, truncated, runFolder: join(other.LATENT_HOME, 'runs', trained.runId), sourceRunId: trained.runId, home: env.LATENT_HOME });
      child.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
});

async function openRuns(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('link', { name: 'Runs' }).click();
  const runs = page.getByRole('region', { name: 'Runs', exact: true });
  await expect(runs).toHaveAttribute('data-state', /ready|empty/);
  return runs;
}

/** Opens the import panel and picks `dir` in its folder input, as the folder dialog would. */
async function pickFolder(page: Page, dir: string) {
  await page.getByRole('button', { name: 'Import model…' }).click();
  const panel = page.getByRole('region', { name: 'Import a model' });
  await expect(panel.getByRole('button', { name: 'Choose folder…' })).toBeFocused();
  await panel.locator('input[data-folder-input]').setInputFiles(dir);
  return panel;
}

test('a VAE’s encoder and decoder exports, picked as one folder, become a run the views use', async ({ page, served }) => {
  const runs = await openRuns(page, served.url);
  await expect(runs).toHaveAttribute('data-state', 'empty');
  const panel = await pickFolder(page, served.exported);

  // what was picked, before anything is sent
  const picked = panel.locator('[data-files]');
  const files = fileCount(served.exported);
  await expect(picked).toHaveAttribute('data-files', String(files));
  await expect(picked).toContainText(`vae-export — ${files} files`);
  await panel.getByRole('button', { name: 'Import folder' }).click();
  await expect(panel).toHaveAttribute('data-state', 'done');
  const outcome = panel.getByRole('status');
  await expect(outcome).toContainText(/^Imported run \S+ \(Variational autoencoder\) — /);
  const runId = (await outcome.getAttribute('data-run-id'))!;
  expect(runId).not.toBe(served.sourceRunId);

  // listed, selected and opened
  await expect(runs).toHaveAttribute('data-state', 'ready');
  const row = runs.locator(`tbody tr[data-run-id="${runId}"]`);
  await expect(row).toHaveAttribute('aria-current', 'true');
  await expect(runs.getByRole('region', { name: 'Run details' })).toContainText('Variational autoencoder');

  // Escape closes the panel and gives focus back to its button
  await panel.getByRole('button', { name: 'Choose folder…' }).focus();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import model…' })).toBeFocused();

  // the imported run reconstructs like any other
  await page.getByRole('link', { name: 'Reconstructions' }).click();
  const view = page.getByRole('region', { name: 'Reconstructions' });
  await view.getByLabel('Run', { exact: true }).selectOption(runId);
  await view.getByRole('button', { name: 'Load' }).click();
  await expect(view).toHaveAttribute('data-state', 'finished');
  const triplets = view.getByRole('figure', { name: 'Reconstruction triplets' });
  await expect(triplets).toHaveAttribute('data-runs', '1');
  const first = triplets.locator('tbody tr').first();
  const index = await first.getAttribute('data-index');
  await expect(first.getByRole('img', { name: `Reconstruction of image ${index}` })).toBeVisible();
});

test('a run folder from another machine imports with its history; folders on the engine’s disk by path', async ({ page, served }) => {
  const runs = await openRuns(page, served.url);
  const before = await runs.locator('tbody tr').count();
  const panel = await pickFolder(page, served.runFolder);
  await expect(panel.locator('[data-files]')).toHaveAttribute('data-files', String(fileCount(served.runFolder)));
  await panel.getByRole('button', { name: 'Import folder' }).click();
  await expect(panel).toHaveAttribute('data-state', 'done');
  const runId = (await panel.getByRole('status').getAttribute('data-run-id'))!;
  // moved out of the engine's upload whole (no second copy left behind)
  expect(entries(join(served.home, 'runs', runId))).toEqual(expect.arrayContaining(entries(served.runFolder)));
  expect(entries(join(served.home, 'uploads'))).toEqual([]);
  await expect(runs.locator('tbody tr')).toHaveCount(before + 1);
  await expect(runs.locator(`tbody tr[data-run-id="${runId}"]`)).toHaveAttribute('aria-current', 'true');
  // its curves came with it
  await expect.poll(async () => Number(await runs.getByRole('region', { name: 'Run details' }).getByRole('figure', { name: 'Loss chart' }).getAttribute('data-points'))).toBeGreaterThan(0);

  // folders already on the engine's machine import by path: Enter in the field
  await panel.getByLabel('Paths').fill(served.exported);
  await panel.getByLabel('Paths').press('Enter');
  await expect(panel).toHaveAttribute('data-state', 'done');
  await expect(panel.getByRole('status')).toContainText('(Variational autoencoder)');
  const byPath = (await panel.getByRole('status').getAttribute('data-run-id'))!;
  expect(byPath).not.toBe(runId);
  await expect(runs.locator('tbody tr')).toHaveCount(before + 2);
  await expect(runs.locator(`tbody tr[data-run-id="${byPath}"]`)).toHaveAttribute('aria-current', 'true');
});

test('cut-short weights are refused with the engine’s sentence and no run appears', async ({ page, served }) => {
  const runs = await openRuns(page, served.url);
  const before = await runs.locator('tbody tr').count();
  // on disk, where the engine would have put a run or left an upload
  const runsOnDisk = entries(join(served.home, 'runs'));
  const panel = await pickFolder(page, served.truncated);
  await panel.getByRole('button', { name: 'Import folder' }).click();
  await expect(panel).toHaveAttribute('data-state', 'error');
  const refusal = /decoder hold \d+ bytes but model\.json expects \d+: they are truncated/;
  await expect(panel.getByRole('alert')).toContainText(refusal);
  // named as the user picked it, not as the engine's copy under its uploads folder
  await expect(panel.getByRole('alert')).toContainText('vae-export/decoder');
  await expect(panel.getByRole('alert')).not.toContainText('uploads');
  // the refusal is answered after the engine deleted the upload: no run, nothing left behind
  expect(entries(join(served.home, 'runs'))).toEqual(runsOnDisk);
  expect(entries(join(served.home, 'uploads'))).toEqual([]);

  // the same folder on the engine's disk, typed as a path: Enter imports, the same refusal
  await panel.getByRole('button', { name: 'Dismiss error' }).click();
  await panel.getByLabel('Paths').fill(served.truncated);
  await panel.getByLabel('Paths').press('Enter');
  await expect(panel).toHaveAttribute('data-state', 'error');
  await expect(panel.getByRole('alert')).toContainText(refusal);
  await expect(panel.getByRole('alert')).toContainText(join(served.truncated, 'decoder'));
  expect(entries(join(served.home, 'runs'))).toEqual(runsOnDisk);
  expect(entries(served.home).filter((name) => name.startsWith('.import-'))).toEqual([]);

  await runs.getByRole('button', { name: 'Refresh' }).click();
  await expect(runs.locator('tbody tr')).toHaveCount(before);
});

test('nothing can be imported while the engine is out of reach, and the panel says why', async ({ page }) => {
  const { served, child } = await startServe();
  try {
    await openRuns(page, served.url);
    await page.getByRole('button', { name: 'Import model…' }).click();
    const panel = page.getByRole('region', { name: 'Import a model' });
    await expect(panel.getByRole('button', { name: 'Choose folder…' })).toBeEnabled();
    child.kill('SIGTERM');
    await expect(panel.getByRole('note')).toContainText('The engine is not reachable right now');
    await expect(panel.getByRole('button', { name: 'Choose folder…' })).toBeDisabled();
    await panel.getByLabel('Paths').fill('/somewhere/vae-export');
    await expect(panel.getByRole('button', { name: 'Import paths' })).toBeDisabled();
  } finally {
    child.kill('SIGTERM');
  }
});
