// Reconstructions in serve mode: two one-epoch dense autoencoders (latent 32 and 2) on the
// same data, browsed side by side as input / reconstruction / error-map triplets, sorted by
// error both ways, filtered by label, jumped to an index, with mean error per label.
import { test as base, expect } from '@playwright/test';
import type { Locator } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Served } from './serve-fixture';

/** A data dir holding two runs trained with `latent train`, served by `latent serve`. */
const test = base.extend<object, { served: Served }>({
  served: [
    async ({}, use) => {
      const env = { ...process.env, LATENT_HOME: mkdtempSync(join(tmpdir(), 'latent-e2e-reconstructions-')), LATENT_BACKEND: 'wasm' };
      for (const latent of ['32', '2']) {
        execFileSync(process.execPath, ['bin/latent.mjs', 'train', '--model', 'dense-ae', '--latent', latent, '--epochs', '1', '--max-train-samples', '500', '--batch', '32', '--json'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      }
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

/** The base run's error of every row shown, top to bottom. */
async function rowErrors(triplets: Locator): Promise<number[]> {
  return triplets.locator('tbody tr').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-error'))));
}

test('browses triplets of two runs, sorts by error, filters, jumps and charts errors per label', async ({ page, served }) => {
  await page.goto(`${served.url}#/reconstructions`);
  const view = page.getByRole('region', { name: 'Reconstructions' });
  await expect(view).toHaveAttribute('data-state', 'idle');
  await expect(view.getByLabel('Run', { exact: true })).toContainText('Dense autoencoder');
  await view.getByRole('group', { name: 'Compare with' }).getByRole('checkbox').check();
  await view.getByRole('button', { name: 'Load' }).click();
  await expect(view).toHaveAttribute('data-state', 'finished');

  const triplets = view.getByRole('figure', { name: 'Reconstruction triplets' });
  await expect(triplets).toHaveAttribute('data-runs', '2');
  await expect(triplets).toHaveAttribute('data-total', '2000');
  await expect(triplets).toHaveAttribute('data-count', '24');
  const first = triplets.locator('tbody tr').first();
  const index = await first.getAttribute('data-index');
  await expect(first.getByRole('img', { name: `Image ${index}`, exact: true })).toBeVisible();
  // each run's reconstruction and error map
  await expect(first.getByRole('img', { name: `Reconstruction of image ${index}` })).toHaveCount(2);
  await expect(first.getByRole('img', { name: `Error map of image ${index}` })).toHaveCount(2);

  // worst first: the first row is the highest error of the split
  await view.getByLabel('Sort', { exact: true }).selectOption('worst');
  await expect(triplets).toHaveAttribute('data-order', 'worst');
  const worst = await rowErrors(triplets);
  expect(worst[0]).toBe(Number(await triplets.getAttribute('data-max-error')));
  expect(worst).toEqual([...worst].sort((a, b) => b - a));
  await view.getByRole('button', { name: 'Next page' }).click();
  await expect(view.getByText(/^Page 2 of 84/)).toBeVisible();
  expect(Math.max(...(await rowErrors(triplets)))).toBeLessThanOrEqual(worst.at(-1)!);

  await view.getByLabel('Sort', { exact: true }).selectOption('best');
  const best = await rowErrors(triplets);
  expect(best).toEqual([...best].sort((a, b) => a - b));
  expect(best[0]).toBeLessThan(worst[0]!);

  // one label only
  await view.getByLabel('Label', { exact: true }).selectOption('7');
  const sevens = Number(await triplets.getAttribute('data-total'));
  expect(sevens).toBeGreaterThan(100);
  expect(sevens).toBeLessThan(400);
  await expect(triplets.locator('tbody th').first()).toContainText('· 7');

  // jump: dataset index 5 is on the validation split (every fifth image)
  await view.getByLabel('Label', { exact: true }).selectOption('All labels');
  await view.getByLabel('Jump to index').fill('5');
  await view.getByRole('button', { name: 'Go' }).click();
  await expect(triplets.locator('tbody tr[data-index="5"]')).toBeVisible();
  await view.getByLabel('Jump to index').fill('6');
  await view.getByRole('button', { name: 'Go' }).click();
  await expect(view.getByText('Image 6 is not listed here')).toBeVisible();

  await expect(view.getByRole('figure', { name: 'Mean error per label' })).toHaveAttribute('data-bars', '20');
});
