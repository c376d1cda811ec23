// Anomalies in serve mode: a dense autoencoder trained on ones (one epoch, 500 images) scores
// the validation split with a progress bar; the histogram, the threshold (by keyboard) and the
// grid of flagged samples follow; normal = the trained class gives AUROC in [0, 1] with its
// curves, the sweep fills a row per class, and the scores download as CSV.
import { test as base, expect } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Served } from './serve-fixture';

/** A data dir holding one run trained with `latent train`, served by `latent serve`. */
const test = base.extend<object, { served: Served }>({
  served: [
    async ({}, use) => {
      const env = { ...process.env, LATENT_HOME: mkdtempSync(join(tmpdir(), 'latent-e2e-anomalies-')), LATENT_BACKEND: 'wasm' };
      execFileSync(process.execPath, ['bin/latent.mjs', 'train', '--model', 'dense-ae', '--classes', '1', '--epochs', '1', '--max-train-samples', '500', '--batch', '32', '--json'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      const child = spawn(process.execPath, ['bin/latent.mjs', 'serve', '--json', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      const url = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`latent serve exited with ${code} before printing its URL`)));
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const message = JSON.parse(line) as { event?: string; url?: string };
          if (message.event === 'serving' && message.url) resolve(message.url);
        });
      });
      const parsed = new URL(url);
      await use({ url, origin: parsed.origin, token: parsed.searchParams.get('token')! });
      child.kill('SIGTERM');
    },
    { scope: 'worker' },
  ],
});

test('scores a split, flags samples above a threshold, reports AUROC, sweeps and exports CSV', async ({ page, served }) => {
  await page.goto(`${served.url}#/anomalies`);
  const view = page.getByRole('region', { name: 'Anomalies' });
  await expect(view).toHaveAttribute('data-state', 'idle');
  await expect(view.getByLabel('Run', { exact: true })).toContainText('Dense autoencoder');

  // Ctrl+Enter scores, as it trains in the Train view
  await page.keyboard.press('Control+Enter');
  await expect(view).toHaveAttribute('data-state', 'finished');
  await expect(view.getByText(/Scored 2,000 samples of mnist-10k \(val\)/)).toBeVisible();

  const histogram = view.getByRole('figure', { name: 'Score histogram' });
  await expect(histogram).toHaveAttribute('data-count', '2000');
  expect(Number(await histogram.getAttribute('data-bars'))).toBeGreaterThan(10);

  // the default threshold flags about the worst 5%; the grid shows them worst first
  const grid = view.getByRole('figure', { name: 'Samples above the threshold' });
  const flagged = Number(await grid.getAttribute('data-count'));
  expect(flagged).toBeGreaterThan(50);
  expect(flagged).toBeLessThan(200);
  await expect(grid.getByRole('img', { name: /^Error map of image \d+$/ }).first()).toBeVisible();
  const scores = (await grid.locator('li[data-score]').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-score')))));
  expect(scores).toEqual([...scores].sort((a, b) => b - a));

  // the slider moves by keyboard: End flags only the worst, Home every sample
  const slider = view.getByRole('slider', { name: 'Threshold' });
  await slider.focus();
  await page.keyboard.press('End');
  await expect(grid).toHaveAttribute('data-count', '1');
  await page.keyboard.press('Home');
  await expect(grid).toHaveAttribute('data-count', '2000');
  await page.keyboard.press('PageUp');
  await expect(grid).not.toHaveAttribute('data-count', '2000');

  // normal = the class the run was trained on
  await expect(view.getByRole('group', { name: 'Normal classes' }).getByRole('checkbox', { name: '1' })).toBeChecked();
  const figures = view.locator('[data-auroc]');
  await expect(figures).toBeVisible();
  const auroc = Number(await figures.getAttribute('data-auroc'));
  expect(auroc).toBeGreaterThanOrEqual(0);
  expect(auroc).toBeLessThanOrEqual(1);
  await expect(figures).toContainText(`AUROC ${auroc.toFixed(4)}`);
  await expect(view.getByRole('figure', { name: 'ROC curve' })).toBeVisible();
  await expect(view.getByRole('figure', { name: 'Precision-recall curve' })).toBeVisible();

  await view.getByRole('button', { name: 'Sweep every class' }).click();
  const sweep = view.getByRole('table', { name: 'AUROC per normal class' });
  await expect(sweep).toHaveAttribute('data-rows', '10');
  // the sweep's row for the trained class agrees with the figures above
  await expect(sweep.locator('tr[data-label="1"] td').first()).toHaveText(auroc.toFixed(4));

  const [download] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/-anomaly-val\.csv$/);
  const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('index,label,bce,mse,anomalous');
  expect(lines).toHaveLength(2001);
  await expect(view.getByRole('status').filter({ hasText: 'Saved 2,000 rows' })).toBeVisible();
});
