// The engine is killed (kill -9) mid-training in serve mode: the page says so at once, the
// engine comes back by itself, the run is listed as interrupted and resumes from its checkpoint.
import { expect, test } from './serve-fixture';

test('a killed engine is reported within a second, restarted, and its run resumes', async ({ page, served }) => {
  await page.goto(served.url);
  // serve mode swaps the token for a cookie and drops it from the address bar
  expect(page.url()).not.toContain('token=');
  const backend = page.getByRole('status', { name: 'Engine status' }).locator('[data-engine-pid]');
  await expect(backend).toHaveAttribute('data-engine-pid', /^\d+$/);
  const pid = Number(await backend.getAttribute('data-engine-pid'));

  await page.getByLabel('Model', { exact: true }).selectOption('dense-ae');
  await page.getByLabel('Epochs', { exact: true }).fill('30');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const train = page.getByRole('region', { name: 'Train', exact: true });
  await expect(train).toHaveAttribute('data-state', 'training');
  // a checkpoint exists once the first epoch's reconstructions are shown
  const grid = page.getByRole('figure', { name: 'Reconstructions' });
  await expect.poll(async () => Number(await grid.getAttribute('data-epoch'))).toBeGreaterThanOrEqual(1);

  process.kill(pid, 'SIGKILL');
  const banner = page.getByRole('alert', { name: 'Engine crashed' });
  await expect(banner).toBeVisible({ timeout: 1_000 });
  await expect(banner).toContainText('SIGKILL');
  await expect(train).toHaveAttribute('data-state', 'failed');
  await expect(page.getByRole('region', { name: 'Run outcome' })).toContainText('interrupted');

  // back by itself: a new process, and the banner says it was restarted
  await expect(banner).toHaveAttribute('data-state', 'restarted');
  await expect(backend).not.toHaveAttribute('data-engine-pid', String(pid));
  await expect(backend).toHaveAttribute('data-engine-pid', /^\d+$/);
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toBeHidden();

  await page.getByRole('link', { name: 'Runs' }).click();
  const runs = page.getByRole('region', { name: 'Runs', exact: true });
  await expect(runs).toHaveAttribute('data-state', 'ready');
  const row = runs.locator('tbody tr').first();
  await expect(row).toHaveAttribute('data-status', 'interrupted');
  await row.getByRole('button', { name: /Dense autoencoder/ }).click();
  const detail = runs.getByRole('region', { name: 'Run details' });
  await detail.getByRole('button', { name: 'Resume', exact: true }).click();

  // the app is usable again: the run trains on from its checkpoint and stops on request
  await expect(train).toHaveAttribute('data-state', 'training');
  await expect.poll(async () => Number(await grid.getAttribute('data-epoch'))).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(train).toHaveAttribute('data-state', /finished|stopped/);
  await expect(page.getByRole('region', { name: 'Run outcome' })).toContainText(/Stopped/i);
});
