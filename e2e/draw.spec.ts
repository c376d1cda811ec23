// Draw and reconstruct: with no model the pad says what to do; after a short training run a
// drawn stroke comes back reconstructed, scored and placed among its nearest digits.
import { test as base, expect } from '@playwright/test';
import { startServe } from './serve-fixture';
import type { Served } from './serve-fixture';

// a fresh engine and data dir for this file: the no-model state needs an empty run list
const test = base.extend<{ served: Served }>({
  served: async ({}, use) => {
    const { served, child } = await startServe();
    await use(served);
    child.kill('SIGTERM');
  },
});

test('the pad explains itself without a model, then reconstructs a drawn digit', async ({ page, served }) => {
  await page.goto(`${served.url}#/draw`);
  const view = page.getByRole('region', { name: 'Draw' });
  await expect(view).toHaveAttribute('data-state', 'no-model');
  await expect(view.getByRole('link', { name: 'Train view' })).toBeVisible();

  // train a dense AE for one epoch
  await view.getByRole('link', { name: 'Train view' }).click();
  await page.getByLabel('Model').selectOption('dense-ae');
  await page.getByLabel('Epochs').fill('1');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.locator('[data-state]').first()).toHaveAttribute('data-state', 'finished');

  await page.getByRole('link', { name: 'Draw' }).click();
  await expect(view).toHaveAttribute('data-state', 'ready');
  await expect(page.getByLabel('Model', { exact: true })).toContainText('Dense autoencoder');

  // a "7": a top bar and a diagonal, drawn with the mouse
  const pad = page.getByRole('img', { name: /Drawing pad/ });
  const box = (await pad.boundingBox())!;
  const at = (x: number, y: number): [number, number] => [box.x + x * box.width, box.y + y * box.height];
  await page.mouse.move(...at(0.3, 0.25));
  await page.mouse.down();
  for (const [x, y] of [[0.5, 0.25], [0.7, 0.25], [0.6, 0.5], [0.5, 0.75]] as const) await page.mouse.move(...at(x, y), { steps: 8 });
  await page.mouse.up();
  await expect(pad).toHaveAttribute('data-marks', '1');

  await expect(view.getByRole('img', { name: 'Reconstruction' })).toBeVisible();
  await expect(view).toHaveAttribute('data-state', 'ready');
  await expect(view.getByText(/validation digits/)).toBeVisible();
  await expect(view.getByRole('img', { name: /Error heat map/ })).toBeVisible();

  // undo empties the pad and the reconstruction goes away
  await page.keyboard.press('Control+z');
  await expect(pad).toHaveAttribute('data-marks', '0');
  await expect(view.getByRole('img', { name: 'No reconstruction yet' })).toBeVisible();
});
