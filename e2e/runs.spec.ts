// The Runs view end to end, in a browser against serve mode: two runs trained from the UI are
// listed, reopened, compared, continued (the Train view shows it live) and deleted.
import type { Page } from '@playwright/test';
import { expect, test } from './serve-fixture';

async function trainOneEpoch(page: Page, model: string): Promise<void> {
  const view = page.getByRole('region', { name: 'Train', exact: true });
  await page.getByLabel('Model', { exact: true }).selectOption(model);
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(view).not.toHaveAttribute('data-state', /idle|finished/);
  await expect(view).toHaveAttribute('data-state', 'finished');
  await expect(page.getByRole('region', { name: 'Run outcome' })).toContainText('Completed after 1 epoch');
}

test('list, open, compare, continue and delete runs', async ({ page, served }) => {
  await page.goto(served.url);
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText('wasm');
  await trainOneEpoch(page, 'dense-ae');
  await trainOneEpoch(page, 'vae');

  await page.getByRole('link', { name: 'Runs' }).click();
  const runs = page.getByRole('region', { name: 'Runs', exact: true });
  await expect(runs).toHaveAttribute('data-state', 'ready');
  const rows = runs.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const ae = rows.filter({ hasText: 'Dense autoencoder' });
  const vae = rows.filter({ hasText: 'Variational autoencoder' });
  await expect(ae).toHaveAttribute('data-status', 'completed');
  await expect(vae).toHaveAttribute('data-status', 'completed');
  // newest first; sorting by best val loss puts the BCE run (≈0.2) above the VAE (≈200 nats)
  await expect(rows.first()).toContainText('Variational autoencoder');
  await runs.getByRole('button', { name: 'Best val loss' }).click();
  await expect(rows.first()).toContainText('Dense autoencoder');

  // open the VAE: its loss chart and its recon/KL panels come from its history
  await vae.getByRole('button', { name: /Variational autoencoder/ }).click();
  const detail = runs.getByRole('region', { name: 'Run details' });
  await expect(detail).toContainText('Completed');
  await expect.poll(async () => Number(await detail.getByRole('figure', { name: 'Loss chart' }).getAttribute('data-points'))).toBeGreaterThan(0);
  await expect(detail.getByRole('figure', { name: 'KL divergence (nats)' })).toBeVisible();
  // its quick quality figure: 5-NN accuracy of its codes, measured on open
  await expect(detail.locator('[data-quality-state]')).toHaveAttribute('data-quality-state', 'ready');
  await expect(detail.locator('[data-quality-state]')).toContainText(/5-NN accuracy in latent space: \d+\.\d %/);

  // compare both: nats and BCE get an axis each, and the view says why
  await runs.getByRole('checkbox', { name: /Compare Dense autoencoder/ }).check();
  await runs.getByRole('checkbox', { name: /Compare Variational autoencoder/ }).check();
  const overlay = runs.getByRole('region', { name: 'Compare validation loss' });
  await expect(overlay).toHaveAttribute('data-runs', '2');
  await expect(overlay.getByRole('figure')).toHaveCount(2);
  await expect(overlay.getByRole('note').first()).toContainText('measure loss differently');

  // continue the dense AE for one more epoch: the Train view shows it through to the end
  await ae.getByRole('button', { name: /Dense autoencoder/ }).click();
  await expect(detail).toContainText('Dense autoencoder');
  await detail.getByLabel('Extra epochs').fill('1');
  await detail.getByRole('button', { name: 'Continue training' }).click();
  const train = page.getByRole('region', { name: 'Train', exact: true });
  await expect(train).toHaveAttribute('data-state', 'finished');
  await expect(page.getByRole('region', { name: 'Run outcome' })).toContainText('Completed after 2 epochs');
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute('aria-valuenow', '100');

  await page.getByRole('link', { name: 'Runs' }).click();
  await expect(runs).toHaveAttribute('data-state', 'ready');
  await expect(ae).toContainText('2/2');

  // delete the VAE: Cancel keeps it, Delete removes it
  await vae.getByRole('button', { name: /Variational autoencoder/ }).click();
  await detail.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this run?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(2);
  await detail.getByRole('button', { name: 'Delete…' }).click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Dense autoencoder');
  await expect(detail).toBeHidden();
});
