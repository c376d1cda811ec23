// A user's first minutes, in a browser against serve mode: train the dense AE, watch, pause,
// stop; train a VAE and see its own curves and samples.
import { expect, test } from './serve-fixture';

test('train the dense autoencoder, watch the loss and reconstructions, pause, resume, then stop', async ({ page, served }) => {
  await page.goto(served.url);
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText('wasm');

  await page.getByLabel('Dataset').selectOption('mnist-10k');
  await page.getByLabel('Model').selectOption('dense-ae');
  await page.getByLabel('Epochs').fill('4');
  await page.getByRole('button', { name: 'Train' }).click();

  const view = page.locator('[data-state]').first();
  await expect(view).toHaveAttribute('data-state', 'training');
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toBeVisible();

  const chart = page.getByRole('figure', { name: 'Loss chart' });
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);

  // P pauses (the bar says so), the button resumes
  await page.keyboard.press('p');
  await expect(view).toHaveAttribute('data-state', 'paused');
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute('aria-valuetext', /Paused/);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(view).toHaveAttribute('data-state', 'training');

  const grid = page.getByRole('figure', { name: 'Reconstructions' });
  await expect.poll(async () => Number(await grid.getAttribute('data-epoch'))).toBeGreaterThanOrEqual(1);

  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(view).toHaveAttribute('data-state', /finished|stopped/);
  // the engine is ready for the next run
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
});

test('a VAE shows its ELBO, reconstruction and KL curves and samples; settings follow the model', async ({ page, served }) => {
  await page.goto(served.url);
  const model = page.getByLabel('Model', { exact: true });
  // denoising is for plain autoencoders, β for VAEs
  await model.selectOption('dense-ae');
  await expect(page.getByLabel('Denoising')).toBeVisible();
  await expect(page.getByLabel('β (KL weight)')).toHaveCount(0);
  await model.selectOption('vae');
  await expect(page.getByLabel('Denoising')).toHaveCount(0);
  await page.getByLabel('β (KL weight)').fill('-1');
  await expect(page.getByText('Enter a number from 0 to 100.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
  await page.getByLabel('β (KL weight)').fill('1');

  await page.getByLabel('Epochs', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const view = page.getByRole('region', { name: 'Train', exact: true });
  await expect(view).toHaveAttribute('data-state', 'finished');

  await expect(page.getByRole('figure', { name: 'Loss chart' })).toContainText('negative ELBO, nats');
  for (const name of ['Reconstruction (nats)', 'KL divergence (nats)']) {
    await expect.poll(async () => Number(await page.getByRole('figure', { name }).getAttribute('data-points'))).toBeGreaterThan(0);
  }
  await expect(page.getByRole('figure', { name: 'Samples' })).toHaveAttribute('data-epoch', '1');
  await expect(page.getByRole('figure', { name: 'Reconstructions' })).toHaveAttribute('data-epoch', '1');
});

test('a hostile WebSocket message gets an error reply and the engine keeps serving', async ({ page, served }) => {
  await page.goto(served.url);
  const replies = await page.evaluate(async (wsUrl) => {
    const ws = new WebSocket(wsUrl);
    const received: unknown[] = [];
    await new Promise((resolve) => ws.addEventListener('open', resolve));
    const next = () =>
      new Promise<unknown>((resolve) => {
        const onMessage = (e: MessageEvent) => {
          if (typeof e.data !== 'string') return;
          const m = JSON.parse(e.data);
          if (m.type !== 'reply') return;
          ws.removeEventListener('message', onMessage);
          resolve(m);
        };
        ws.addEventListener('message', onMessage);
      });
    for (const frame of ['{"type":"request","id":1,"method":"startTraining","params":{"model":"x"}}', 'garbage', '{"type":"request","id":2,"method":"getInfo","params":{}}']) {
      const reply = next();
      ws.send(frame);
      received.push(await reply);
    }
    ws.close();
    return received;
  }, `ws://${new URL(served.url).host}/ws?token=${served.token}`);
  expect(replies).toEqual([
    expect.objectContaining({ id: 1, ok: false, error: expect.objectContaining({ code: 'bad-request' }) }),
    expect.objectContaining({ id: null, ok: false, error: expect.objectContaining({ code: 'bad-request' }) }),
    expect.objectContaining({ id: 2, ok: true, result: expect.objectContaining({ backend: 'wasm' }) }),
  ]);
});
