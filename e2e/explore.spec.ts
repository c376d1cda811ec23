// Explore a trained model's latent space: with no model the view says where to get one; after
// a one-epoch run a PCA map draws every validation image, hovering a point shows its image and
// reconstruction, pins and a brush fill the side panels, and UMAP streams to a finished map.
import { test as base, expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
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

/** Page coordinates of the map's two probe points (data-probe: "x,y x,y" in canvas pixels). */
async function probePoints(page: Page, map: Locator): Promise<Array<[number, number]>> {
  const box = (await map.locator('canvas.overlay').boundingBox())!;
  const probe = (await map.getAttribute('data-probe'))!;
  return probe.split(' ').map((pair) => {
    const [x, y] = pair.split(',').map(Number);
    return [box.x + x!, box.y + y!];
  });
}

test('maps a trained model with PCA and UMAP, and answers hover, pins and a brush', async ({ page, served }) => {
  await page.goto(`${served.url}#/explore`);
  const view = page.getByRole('region', { name: 'Explore' });
  await expect(view).toHaveAttribute('data-state', 'no-model');

  await view.getByRole('link', { name: 'Train view' }).click();
  await page.getByLabel('Model').selectOption('dense-ae');
  await page.getByLabel('Epochs').fill('1');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(page.locator('[data-state]').first()).toHaveAttribute('data-state', 'finished');

  await page.getByRole('link', { name: 'Explore' }).click();
  await expect(view).toHaveAttribute('data-state', 'idle');
  await expect(view.getByLabel('Run', { exact: true })).toContainText('Dense autoencoder');

  // PCA of the validation split: every image is drawn
  await view.getByLabel('Projection', { exact: true }).selectOption('pca');
  await view.getByRole('button', { name: 'Project' }).click();
  await expect(view).toHaveAttribute('data-state', 'finished');
  const map = view.getByRole('figure', { name: 'Latent map' });
  await expect(map).toHaveAttribute('data-points', '2000');
  await expect(view.getByText('2,000 points')).toBeVisible();
  await expect(map.getByText(/PC1 \(\d+\.\d% of variance\)/)).toBeVisible();

  // hover: the point's image, its reconstruction, label and error
  const [a, b] = await probePoints(page, map);
  await page.mouse.move(...a!);
  const tooltip = view.getByRole('tooltip');
  await expect(tooltip.getByRole('img', { name: /^Reconstruction of image \d+$/ })).toBeVisible();
  await expect(tooltip.getByText('Error')).toBeVisible();

  // two pins: their cards, A's neighbours and the decoded strip between them
  await page.mouse.click(...a!);
  await page.mouse.click(...b!);
  await expect(view.getByRole('button', { name: 'Unpin point B' })).toBeVisible();
  await expect(view.getByText('Nearest to A in latent space')).toBeVisible();
  await expect(view.getByRole('figure', { name: 'Interpolation strip' })).toHaveAttribute('data-images', '10');

  // a brush over the whole map selects every point and shows them with counts per label
  await map.getByRole('button', { name: 'Select' }).click();
  const box = (await map.locator('canvas.overlay').boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 2, box.y + box.height - 2, { steps: 5 });
  await page.mouse.up();
  await expect(view.getByRole('heading', { name: 'Selection: 2000 points' })).toBeVisible();
  await expect(view.getByRole('figure', { name: 'Selected images' })).toHaveAttribute('data-images', '200');
  await expect(view.getByRole('list', { name: 'Points per label' })).toContainText('1:');

  // UMAP of both splits streams its progress, then the finished map holds every image
  await view.getByLabel('Split', { exact: true }).selectOption('both');
  await view.getByLabel('Projection', { exact: true }).selectOption('umap');
  await view.getByRole('button', { name: 'Project' }).click();
  await expect(view.getByRole('progressbar', { name: 'Projection progress' })).toBeVisible();
  await expect(view).toHaveAttribute('data-state', 'projecting');
  await expect(view).toHaveAttribute('data-state', 'finished');
  await expect(map).toHaveAttribute('data-points', '10000');
  await expect(map.getByText('UMAP 1')).toBeVisible();
  await expect(view.getByText(/^Done in \d+\.\d s · trustworthiness 0\.\d{3} \(k = 15, 1,000-point sample\)$/)).toBeVisible();

  // the map is still there after a visit to another view
  await page.getByRole('link', { name: 'Draw' }).click();
  await page.getByRole('link', { name: 'Explore' }).click();
  await expect(view).toHaveAttribute('data-state', 'finished');
  await expect(map).toHaveAttribute('data-points', '10000');
});
