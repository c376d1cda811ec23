// Figures leave the app for a paper: after a tiny training run, the Train view's loss chart
// saves as a standalone SVG and as a PNG at twice its size, and the reconstructions as a PNG.
import { DOMParser } from '@xmldom/xmldom';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './serve-fixture';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Clicks `button` and returns the download's suggested name and bytes. */
async function saved(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/** A PNG's size from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(Array.from(bytes.subarray(0, 8))).toEqual(PNG_SIGNATURE);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the loss chart saves as SVG and PNG, the reconstructions as PNG', async ({ page, served }) => {
  await page.goto(served.url);
  await page.getByLabel('Dataset').selectOption('mnist-10k');
  await page.getByLabel('Model').selectOption('dense-ae');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Train', exact: true })).toHaveAttribute('data-state', 'finished');

  const chart = page.getByRole('figure', { name: 'Loss chart' });
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);

  const svg = await saved(page, chart.getByRole('button', { name: 'Save Loss chart as SVG' }));
  expect(svg.name).toMatch(/^loss-chart-.*\d{8}-\d{6}\.svg$/);
  const text = svg.bytes.toString('utf8');
  const problems: string[] = [];
  const record = (message: string): void => void problems.push(message);
  const document = new DOMParser({ errorHandler: { warning: record, error: record, fatalError: record } }).parseFromString(text, 'image/svg+xml');
  expect(problems).toEqual([]);
  const root = document.documentElement!;
  expect(root.namespaceURI).toBe('http://www.w3.org/2000/svg');
  // the chart's 280px and the legend above it (one row: 24px)
  expect(root.getAttribute('viewBox')).toMatch(/^0 -24 \d+(\.\d+)? 304$/);
  expect(text).toContain('>Training (per batch)</text>');
  // the training curve, coloured with the theme's series colour written in
  const paths = Array.from(document.getElementsByTagName('path'));
  expect(paths.length).toBeGreaterThan(0);
  expect(paths[0]!.getAttribute('d')).toMatch(/^M[\d.-]+,[\d.-]+L/);
  expect(paths[0]!.getAttribute('style')).toMatch(/stroke:(rgb\(|#)/);
  expect(text).not.toContain('var(');
  expect(text).toContain('>Epoch</text>');

  const plot = (await chart.locator('svg[role="img"]').boundingBox())!;
  const png = await saved(page, chart.getByRole('button', { name: 'Save Loss chart as PNG' }));
  expect(png.name).toMatch(/^loss-chart-.*\.png$/);
  const chartSize = pngSize(png.bytes);
  expect(chartSize.width).toBe(Math.round(plot.width * 2));
  expect(chartSize.height).toBe(Math.round((plot.height + 24) * 2));

  const grid = page.getByRole('figure', { name: 'Reconstructions' });
  await expect(grid).toHaveAttribute('data-epoch', '1');
  const sheet = (await grid.locator('canvas').boundingBox())!;
  const reconstructions = await saved(page, grid.getByRole('button', { name: 'Save Reconstructions as PNG' }));
  expect(reconstructions.name).toMatch(/^reconstructions-.*\.png$/);
  const sheetSize = pngSize(reconstructions.bytes);
  expect(sheetSize.width).toBe(Math.round(sheet.width * 2));
  expect(sheetSize.height).toBe(Math.round(sheet.height * 2));
  // a real picture, not an empty frame: well over the size of a blank PNG
  expect(reconstructions.bytes.length).toBeGreaterThan(2_000);
});
