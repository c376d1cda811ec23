// A user's first minutes, in a browser against serve mode: train the dense AE, watch, stop.
import { expect, test } from './serve-fixture';

test('train the dense autoencoder, watch the loss and reconstructions, then stop', async ({ page, served }) => {
  await page.goto(served.url);
  await expect(page.getByRole('status', { name: 'Engine status' })).toContainText('wasm');

  await page.getByLabel('Dataset').selectOption('mnist-10k');
  await page.getByLabel('Model').selectOption('dense-ae');
  await page.getByLabel('Epochs').fill('2');
  await page.getByRole('button', { name: 'Train' }).click();

  const view = page.locator('[data-state]').first();
  await expect(view).toHaveAttribute('data-state', 'training');
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toBeVisible();

  const chart = page.getByRole('figure', { name: 'Loss chart' });
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);

  const grid = page.getByRole('figure', { name: 'Reconstructions' });
  await expect.poll(async () => Number(await grid.getAttribute('data-epoch'))).toBeGreaterThanOrEqual(1);

  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(view).toHaveAttribute('data-state', /finished|stopped/);
  // the engine is ready for the next run
  await expect(page.getByRole('button', { name: 'Train' })).toBeEnabled();
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
