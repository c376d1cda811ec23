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
  await expect(view.getByRole('button', { name: 'train the default model' })).toBeEnabled();

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
  await expect(view.getByRole('img', { name: /^Model input, 28 by 28/ })).toBeVisible();
  await expect(view.getByRole('region', { name: 'Latent code' })).toBeVisible();
  await expect(view.getByRole('region', { name: 'Nearest training digits' }).getByRole('listitem')).toHaveCount(8);

  // latency from a stroke's pointer events to its reconstruction in the page, over 200 strokes
  const latencies = await page.evaluate(async () => {
    const section = document.querySelector('section[aria-label="Draw"]')!;
    const canvas = document.querySelector('[aria-label^="Drawing pad"] canvas')!;
    const box = canvas.getBoundingClientRect();
    // the reply's images are drawn into their canvases in the same update that bumps
    // data-answers, so the observer fires once they are painted into the page (the screen
    // shows them at its next frame)
    const answered = (count: number): Promise<void> =>
      new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (Number(section.getAttribute('data-answers')) > count) {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(section, { attributes: true, attributeFilter: ['data-answers'] });
      });
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const before = Number(section.getAttribute('data-answers'));
      const x = box.left + box.width * (0.3 + 0.4 * ((i * 37) % 100) / 100);
      const at = (y: number): PointerEventInit => ({ pointerId: 1, clientX: x, clientY: box.top + box.height * y, bubbles: true, pressure: 0.5, isPrimary: true, button: 0, buttons: 1 });
      const start = performance.now();
      canvas.dispatchEvent(new PointerEvent('pointerdown', at(0.3)));
      canvas.dispatchEvent(new PointerEvent('pointermove', at(0.5)));
      canvas.dispatchEvent(new PointerEvent('pointerup', { ...at(0.5), buttons: 0 }));
      await answered(before);
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b);
  });
  const median = latencies[100]!;
  const p95 = latencies[190]!;
  // a benchmark figure, printed for BENCHMARKS.md rather than asserted (shared CI machines)
  console.log(`Draw latency over 200 strokes, pointer events to reconstruction drawn in the page (serve mode): median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
  expect(latencies).toHaveLength(200);

  // clear resets the pad and the reconstruction goes away; undo brings the strokes back
  await view.getByRole('button', { name: 'Clear' }).click();
  await expect(pad).toHaveAttribute('data-marks', '0');
  await expect(view.getByRole('img', { name: 'No reconstruction yet' })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(pad).toHaveAttribute('data-marks', '201');
  await expect(view.getByRole('img', { name: 'Reconstruction' })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(pad).toHaveAttribute('data-marks', '200');
  await view.getByRole('button', { name: 'Clear' }).click();
  await expect(view.getByRole('img', { name: 'No reconstruction yet' })).toBeVisible();
});
