// Generate with a trained VAE: with no generative run the view says where to get one; after a
// one-epoch VAE the sample grid renders, a latent slider changes the decoded image, the
// traversal grid and the interpolation export files, arithmetic and the training history show.
import type { Download, Locator } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, test } from './serve-fixture';

/** The pixels a figure's canvas shows, as a data URL. */
function pixelsOf(figure: Locator): Promise<string> {
  return figure.locator('canvas').first().evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
}

/** The bytes of a finished download. */
async function bytesOf(download: Download): Promise<Buffer> {
  return readFileSync((await download.path())!);
}

test('samples, slides, traverses, interpolates and exports with a tiny VAE', async ({ page, served }) => {
  await page.goto(`${served.url}#/generate`);
  const view = page.getByRole('region', { name: 'Generate' });
  await expect(view).toHaveAttribute('data-state', 'no-runs');
  await expect(view.getByText(/Generating needs a generative model/)).toBeVisible();

  await view.getByRole('link', { name: 'Train view' }).click();
  await page.getByLabel('Model', { exact: true }).selectOption('vae');
  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.locator('[data-state]').first()).toHaveAttribute('data-state', 'finished');

  await page.getByRole('link', { name: 'Generate' }).click();
  await expect(view.getByLabel('Run', { exact: true })).toContainText('Variational autoencoder');
  await expect(view).toHaveAttribute('data-state', 'ready');

  // the grid of samples from the prior, and N draws the next seed's
  const samples = view.getByRole('figure', { name: 'Samples' });
  await expect(samples).toHaveAttribute('data-images', '16');
  await expect(samples.getByRole('img', { name: 'Sample 16' })).toBeVisible();
  const firstGrid = await pixelsOf(samples);
  await page.keyboard.press('n');
  await expect(samples).toHaveAttribute('data-seed', '2');
  await expect.poll(() => pixelsOf(samples)).not.toBe(firstGrid);

  // a slider re-decodes the code under it
  const decoded = view.getByRole('figure', { name: 'Decoded image' });
  await expect(decoded).toHaveAttribute('data-decodes', /^[1-9]/);
  await expect(view).toHaveAttribute('data-state', 'ready');
  const decodes = Number(await decoded.getAttribute('data-decodes'));
  const before = await pixelsOf(decoded);
  const slider = view.getByRole('slider', { name: /^Dimension \d+$/ }).first();
  await slider.fill('3');
  await expect(decoded).toHaveAttribute('data-decodes', String(decodes + 1));
  expect(await pixelsOf(decoded)).not.toBe(before);
  await expect(view.getByRole('slider', { name: /^Dimension \d+$/ })).toHaveCount(16);

  // slider to painted decode, measured in the page: the median of 15 moves
  const latencies = await slider.evaluate(async (input) => {
    const figure = document.querySelector('figure[aria-label="Decoded image"]')!;
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const changed = new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve();
        });
        observer.observe(figure, { attributes: true, attributeFilter: ['data-decodes'] });
      });
      const started = performance.now();
      (input as HTMLInputElement).value = String(-3 + i * 0.4);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await changed;
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b);
  });
  console.log(`Generate: slider to decoded image, median ${latencies[7]!.toFixed(1)} ms, max ${latencies[14]!.toFixed(1)} ms (15 moves, serve mode, wasm)`);
  expect(latencies[7]).toBeLessThan(250);

  // the traversal grid: 8 most used dimensions x 9 values, saved as a PNG
  const traversal = view.getByRole('figure', { name: 'Traversal grid' });
  await expect(traversal).toHaveAttribute('data-rows', '8');
  await expect(traversal).toHaveAttribute('data-columns', '9');
  const [png] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Save PNG' }).click()]);
  expect(png.suggestedFilename()).toMatch(/^traversal-.+\.png$/);
  const pngBytes = await bytesOf(png);
  expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  // 9 columns of 28 pixels and 8 gaps, enlarged 4 times
  expect(pngBytes.readUInt32BE(16)).toBe((9 * 28 + 8) * 4);

  // interpolation between two dataset images, exported as an animated GIF
  const interpolation = view.getByRole('region', { name: 'Interpolation' });
  await interpolation.getByLabel('A: source').selectOption('image');
  await interpolation.getByLabel('A: image index').fill('0');
  await interpolation.getByLabel('B: source').selectOption('image');
  await interpolation.getByLabel('B: image index').fill('7');
  await interpolation.getByRole('button', { name: 'Interpolate' }).click();
  await expect(interpolation.getByRole('figure', { name: 'Interpolation strip' })).toHaveAttribute('data-images', '10');
  const [gif] = await Promise.all([page.waitForEvent('download'), interpolation.getByRole('button', { name: 'Save GIF' }).click()]);
  expect(gif.suggestedFilename()).toMatch(/^interpolation-.+\.gif$/);
  expect((await bytesOf(gif)).subarray(0, 6).toString('latin1')).toBe('GIF89a');

  // arithmetic with a label mean: mean of the 7s - mean of the 1s + sample 1
  const arithmetic = view.getByRole('region', { name: 'Latent arithmetic: A − B + C' });
  await arithmetic.getByLabel('A: source').selectOption('label');
  await arithmetic.getByLabel('A: label').selectOption('7');
  await arithmetic.getByLabel('B: source').selectOption('label');
  await arithmetic.getByLabel('B: label').selectOption('1');
  await arithmetic.getByRole('button', { name: 'Compute' }).click();
  await expect(arithmetic.getByRole('figure', { name: 'Arithmetic result' })).toHaveAttribute('data-images', '4');
  await expect(arithmetic.getByRole('img', { name: /^Operand A: mean of label 7 \(\d+ images\), decoded$/ })).toBeVisible();

  // the fixed-noise grid recorded during training
  await expect(view.getByRole('figure', { name: 'Sample history' })).toHaveAttribute('data-epoch', '1');
  // class balance of 1,000 samples, judged by a classifier trained in the engine
  await view.getByRole('button', { name: 'Check class balance' }).click();
  const balance = view.getByRole('figure', { name: 'Class balance' });
  await expect(balance).toHaveAttribute('data-samples', '1000');
  await expect(balance.getByRole('listitem')).toHaveCount(10);
  await expect(balance).toContainText(/Mean confidence \d+\.\d% · the classifier labels \d+\.\d% of validation images right/);

  // the view keeps its run, seed and slider code after a visit to another view
  const decodesBefore = await decoded.getAttribute('data-decodes');
  await page.getByRole('link', { name: 'Draw' }).click();
  await page.getByRole('link', { name: 'Generate' }).click();
  await expect(samples).toHaveAttribute('data-seed', '2');
  await expect(decoded).toHaveAttribute('data-decodes', decodesBefore!);

  await expect(view).not.toHaveAttribute('data-state', 'error');
  if (process.env.GENERATE_SCREENSHOT) {
    await page.setViewportSize({ width: 1400, height: 2000 });
    await page.screenshot({ path: process.env.GENERATE_SCREENSHOT });
  }
});
