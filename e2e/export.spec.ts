// Export end to end, in a browser against serve mode: a tiny run (trained by `latent train`
// into the served data dir) exports its decoder as TensorFlow.js files from the Runs view,
// and one of them downloads through the page.
import { test as base, expect } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

interface Served {
  url: string;
  home: string;
}

const test = base.extend<object, { served: Served }>({
  served: [
    async ({}, use) => {
      const home = mkdtempSync(join(tmpdir(), 'latent-e2e-export-'));
      const env = { ...process.env, LATENT_HOME: home, LATENT_BACKEND: 'wasm' };
      const trained = spawnSync(process.execPath, ['bin/latent.mjs', 'train', '--model', 'dense-ae', '--epochs', '1', '--max-train-samples', '256', '--latent', '4', '--json'], { env, encoding: 'utf8' });
      if (trained.status !== 0) throw new Error(`latent train failed: ${trained.stderr}`);
      const child: ChildProcess = spawn(process.execPath, ['bin/latent.mjs', 'serve', '--json', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      const lines = createInterface({ input: child.stdout! });
      const url = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`latent serve exited with ${code} before printing its URL`)));
        lines.on('line', (line) => {
          const message = JSON.parse(line) as { event?: string; url?: string };
          if (message.event === 'serving' && message.url) resolve(message.url);
        });
      });
      await use({ url, home });
      child.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
});

test('export a run’s decoder as TensorFlow.js files and download one', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByRole('link', { name: 'Runs' }).click();
  const runs = page.getByRole('region', { name: 'Runs', exact: true });
  await expect(runs).toHaveAttribute('data-state', 'ready');
  await runs.locator('tbody tr').first().getByRole('button', { name: /Dense autoencoder/ }).click();

  const panel = runs.getByRole('region', { name: 'Export' });
  await expect(panel).toHaveAttribute('data-state', 'idle');
  await panel.getByRole('radio', { name: 'Decoder' }).check();
  await panel.getByLabel('Format').selectOption('tfjs');
  await panel.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(panel).toHaveAttribute('data-state', 'done');
  const status = panel.getByRole('status');
  await expect(status).toContainText('Exported 3 files');
  for (const name of ['model.json', 'group1-shard1of1.bin', 'metadata.json']) await expect(status).toContainText(name);

  // the files are on the engine's disk, under the data dir's exports/
  const dir = (await status.locator('code').first().textContent())!;
  expect(dir.startsWith(join(served.home, 'exports'))).toBe(true);
  expect(existsSync(join(dir, 'model.json'))).toBe(true);

  // and reach the browser as a download
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download model.json' }).click()]);
  expect(download.suggestedFilename()).toBe('model.json');
  const saved = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(saved.format).toBe('layers-model');
  expect(saved.weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);

  // or all of them at once, in one zip named after the export
  const [archive] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download all (.zip)' }).click()]);
  expect(archive.suggestedFilename()).toMatch(/-decoder-tfjs-.*\.zip$/);
  const zip = readFileSync((await archive.path())!);
  expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
  // the end-of-directory record counts the entries
  expect(zip.readUInt16LE(zip.length - 22 + 10)).toBe(3);

  // embeddings offer their own formats
  await panel.getByRole('radio', { name: 'Embeddings' }).check();
  await expect(panel.getByLabel('Format').locator('option')).toHaveText(['Embedding Projector', 'NumPy (.npy)', 'CSV']);

  // and the run's report is one HTML file
  await panel.getByRole('radio', { name: 'Report' }).check();
  await panel.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('Exported 1 file to');
  await expect(panel.getByRole('status')).toContainText('report.html');
  await expect(panel).toHaveAttribute('data-state', 'done');
});
