// Reuse a trained encoder: with no model the view says where to get one; after a one-epoch
// dense AE run, the linear probe with 10 and 100 labels fills the accuracy table (code,
// pixels, scratch and k-NN), the curve and a confusion matrix; a longer probe can be cancelled;
// the unit panel shows a unit's top and bottom 25 images, its histogram, its decodes and an
// input synthesised to excite it.
import { expect, test } from './serve-fixture';

test('probes a trained encoder with 10 and 100 labels and shows what a latent unit responds to', async ({ page, served }) => {
  await page.goto(`${served.url}#/features`);
  const view = page.getByRole('region', { name: 'Features' });
  await expect(view).toHaveAttribute('data-state', 'no-model');

  await view.getByRole('link', { name: 'Train view' }).click();
  await page.getByLabel('Model').selectOption('dense-ae');
  await page.getByLabel('Epochs').fill('1');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.locator('[data-state]').first()).toHaveAttribute('data-state', 'finished');

  await page.getByRole('link', { name: 'Features' }).click();
  await expect(view).toHaveAttribute('data-state', 'idle');
  await expect(view.getByLabel('Run', { exact: true })).toContainText('Dense autoencoder');

  // N = 10 and 100, logistic regression, with the scratch and k-NN baselines
  await view.getByLabel('1,000', { exact: true }).uncheck();
  await view.getByLabel('All', { exact: true }).uncheck();
  await expect(view.getByLabel('10', { exact: true })).toBeChecked();
  await expect(view.getByLabel('100', { exact: true })).toBeChecked();
  await expect(view.getByLabel('Logistic regression')).toBeChecked();
  await view.getByRole('button', { name: 'Start' }).click();
  await expect(view.getByRole('progressbar', { name: 'Experiment progress' })).toBeVisible();
  await expect(view).toHaveAttribute('data-state', 'finished');

  const table = view.getByRole('table', { name: 'Validation accuracy' });
  await expect(table).toHaveAttribute('data-results', '8');
  for (const method of ['latent-linear', 'pixels-linear', 'scratch', 'latent-knn']) {
    for (const size of ['10', '100']) {
      const accuracy = Number(await table.locator(`tr[data-method="${method}"] td[data-size="${size}"]`).getAttribute('data-accuracy'));
      expect(accuracy, `${method} with ${size} labels`).toBeGreaterThanOrEqual(0);
      expect(accuracy, `${method} with ${size} labels`).toBeLessThanOrEqual(1);
    }
  }
  await expect(view.getByRole('figure', { name: 'Accuracy curve' })).toHaveAttribute('data-points', '8');
  const matrix = view.getByRole('figure', { name: 'Confusion matrix' });
  await expect(matrix).toHaveAttribute('data-classes', '10');
  await expect(matrix.locator('rect')).toHaveCount(100);
  await matrix.getByLabel('Classifier', { exact: true }).selectOption('pixels-linear');
  await matrix.getByLabel('Labels', { exact: true }).selectOption('10');
  await expect(matrix).toHaveAttribute('data-method', 'pixels-linear');
  await expect(matrix).toHaveAttribute('data-size', '10');

  // every label: cancelled with Escape once training has begun; the codes are cached by now
  await view.getByLabel('All', { exact: true }).check();
  await page.keyboard.press('Control+Enter');
  await expect(view).toHaveAttribute('data-state', 'training');
  await page.keyboard.press('Escape');
  await expect(view).toHaveAttribute('data-state', 'cancelled');
  await expect(view.getByText(/^Cancelled after \d+ of 12 classifiers; their results are kept\.$/)).toBeVisible();

  // a latent unit: 25 images at each end, its histogram per label and its decodes
  const unit = view.getByRole('region', { name: 'Latent unit' });
  await unit.getByRole('button', { name: 'Show unit' }).click();
  await expect(unit).toHaveAttribute('data-state', 'shown');
  await expect(unit.getByRole('figure', { name: 'Top images' })).toHaveAttribute('data-images', '25');
  await expect(unit.getByRole('figure', { name: 'Top images' }).getByRole('img')).toHaveCount(25);
  await expect(unit.getByRole('figure', { name: 'Bottom images' })).toHaveAttribute('data-images', '25');
  await expect(unit.getByRole('figure', { name: 'Activation histogram' }).locator('rect').first()).toBeVisible();
  await expect(unit.getByRole('figure', { name: 'Unit sweep' })).toHaveAttribute('data-images', '5');
  await unit.getByRole('button', { name: 'Next unit' }).click();
  await expect(unit).toHaveAttribute('data-unit', '1');

  // the input synthesised by gradient ascent, as snapshots along the way
  await unit.getByRole('button', { name: 'Synthesise input for unit 1' }).click();
  const synthesis = unit.getByRole('figure', { name: 'Synthesised input' });
  await expect(synthesis).toHaveAttribute('data-frames', '8');
  await expect(synthesis.getByRole('img', { name: /^Synthesised input after 200 steps, activation -?\d/ })).toBeVisible();
});
