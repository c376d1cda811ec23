// The Data view: Fashion-MNIST is listed without any step, its 70,000 images scroll to the end
// with pixels drawn, a class filters the grid, statistics show; an NPY import is converted and
// listed, a bad file is refused with a sentence naming it, and an unreachable mirror says so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, test } from './serve-fixture';

/** An NPY v1 file of uint8 images [n, side, side]. */
function npy(n: number, side: number): Buffer {
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${n}, ${side}, ${side}), }`;
  header = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11, ' ') + '\n';
  const data = Buffer.alloc(n * side * side);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7) % 256;
  const lead = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0, 0]);
  lead.writeUInt16LE(header.length, 8);
  return Buffer.concat([lead, Buffer.from(header, 'latin1'), data]);
}

/** Sum of the canvas's visible pixels' red channel: 0 when nothing is drawn. */
async function brightness(grid: Locator): Promise<number> {
  return grid.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i]!;
    return sum;
  });
}

test('lists Fashion-MNIST and scrolls its 70,000 images to the end', async ({ page, served }) => {
  await page.goto(`${served.url}#/data`);
  const view = page.getByRole('region', { name: 'Data' });
  await expect(view).toHaveAttribute('data-state', 'ready');
  const row = view.locator('tr[data-dataset-id="fashion-mnist"]');
  await expect(row).toContainText('70,000');
  await expect(row).toContainText('10 classes');
  await expect(row).toContainText('60,000 / 10,000 (published train/test)');

  await row.getByRole('button', { name: 'Browse Fashion-MNIST' }).click();
  await expect(view).toHaveAttribute('data-dataset', 'fashion-mnist');
  const grid = view.getByRole('figure', { name: 'Image grid' });
  await expect(grid).toHaveAttribute('data-total', '70000');
  await expect.poll(async () => Number(await grid.getAttribute('data-rendered'))).toBeGreaterThan(50);
  await expect(grid).toHaveAttribute('data-missing', '0');
  expect(await brightness(grid)).toBeGreaterThan(0);

  const scroller = grid.getByRole('region', { name: /Images, scrollable/ });
  // jumps far down the list (each fetches only the pages in view), then the keyboard's End
  for (const share of [0.1, 0.5, 0.9]) {
    await scroller.evaluate((el, s) => (el.scrollTop = el.scrollHeight * s), share);
    await expect.poll(async () => Number(await grid.getAttribute('data-first'))).toBeGreaterThan(70_000 * share * 0.95);
    await expect(grid).toHaveAttribute('data-missing', '0');
  }
  await scroller.focus();
  await page.keyboard.press('End');
  await expect(grid).toHaveAttribute('data-last', '70000');
  await expect(grid).toHaveAttribute('data-missing', '0');
  expect(Number(await grid.getAttribute('data-rendered'))).toBeGreaterThan(0);
  expect(await brightness(grid)).toBeGreaterThan(0);
  await expect(grid).toContainText('–70,000');

  // a class filters the grid; statistics show
  const chart = view.getByRole('figure', { name: 'Images per class' });
  await expect(chart).toHaveAttribute('data-classes', '10');
  await chart.getByRole('button', { name: /^Bag: 7000 images/ }).click();
  await expect(grid).toHaveAttribute('data-total', '7000');
  await expect(grid).toHaveAttribute('data-missing', '0');
  await expect(view.getByRole('figure', { name: 'Mean image' })).toBeVisible();
  await expect(view.getByRole('figure', { name: 'Variance image' })).toBeVisible();
});

test('imports an NPY file, refuses a bad one naming it, and reports an unreachable mirror', async ({ page, served }) => {
  const dir = mkdtempSync(join(tmpdir(), 'latent-e2e-data-'));
  const good = join(dir, 'blobs.npy');
  const bad = join(dir, 'bad.npy');
  writeFileSync(good, npy(300, 12));
  writeFileSync(bad, Buffer.from('not a numpy file at all'));

  await page.goto(`${served.url}#/data`);
  const view = page.getByRole('region', { name: 'Data' });
  await expect(view).toHaveAttribute('data-state', 'ready');
  await view.getByText('Import images…').click();
  const form = view.getByRole('form', { name: 'Import a dataset' });
  await form.getByLabel('Path', { exact: true }).fill(good);
  await form.getByLabel('Name', { exact: true }).fill('Blobs');
  await form.getByLabel('Validation share').fill('0.2');
  await form.getByRole('button', { name: 'Import' }).click();
  const progress = view.getByRole('region', { name: 'Import progress' });
  await expect(progress).toHaveAttribute('data-state', 'completed');
  const row = view.locator('tr[data-dataset-id="blobs"]');
  await expect(row).toContainText('300');
  await expect(row).toContainText('240 / 60 (random, seed 1, 20% validate)');
  await expect(view).toHaveAttribute('data-dataset', 'blobs');
  await expect(view.getByRole('figure', { name: 'Image grid' })).toHaveAttribute('data-total', '300');

  await form.getByLabel('Path', { exact: true }).fill(bad);
  await form.getByLabel('Name', { exact: true }).fill('Bad');
  await form.getByRole('button', { name: 'Import' }).click();
  await expect(progress).toHaveAttribute('data-state', 'failed');
  await expect(progress.getByRole('alert')).toHaveText(`${bad}: is not an NPY file (it does not start with \\x93NUMPY); save the array with numpy.save`);
  await expect(view.locator('tr[data-dataset-id="bad"]')).toHaveCount(0);

  // a port nothing listens on any more: the mirror is unreachable, as offline
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const mnist = view.getByRole('group', { name: 'Full MNIST' });
  await mnist.getByLabel('Download address').fill(`http://127.0.0.1:${port}/mnist/`);
  await mnist.getByRole('button', { name: /Download full MNIST/ }).click();
  const download = view.getByRole('region', { name: 'Download progress' });
  await expect(download).toHaveAttribute('data-state', 'failed');
  await expect(download.getByRole('alert')).toContainText(`Cannot reach 127.0.0.1:${port} (ECONNREFUSED)`);
  await expect(download.getByRole('alert')).toContainText('this machine looks offline');
  rmSync(dir, { recursive: true, force: true });
});
