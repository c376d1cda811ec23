// Draw and reconstruct: with no model the pad says what to do; after a short training run a
// drawn stroke comes back reconstructed, scored and placed among its nearest digits.
import { expect, test } from './serve-fixture';

test('the pad explains itself without a model, then reconstructs a drawn digit', async ({ page, served }) => {
  // the latest binary (typed-array) frame sent and received: drawing requests and replies
  await page.addInitScript(() => {
    const times = { sent: 0, received: 0, url: '' };
    (window as unknown as { __drawSocket: typeof times }).__drawSocket = times;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      if (typeof data !== 'string') times.sent = performance.now();
      send.call(this, data);
    };
    const Native = WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        times.url = String(url);
        // registered before the transport's onmessage, so it runs first
        this.addEventListener('message', (event) => {
          if (typeof event.data !== 'string') times.received = performance.now();
        });
      }
    };
  });
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
  // the pad shows the ink where the pen went (it redraws only the part a segment touched)
  const padShade = (x: number, y: number): Promise<number> =>
    page.evaluate(([x, y]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[aria-label^="Drawing pad"] canvas')!;
      return canvas.getContext('2d')!.getImageData(Math.floor(x * canvas.width), Math.floor(y * canvas.height), 1, 1).data[0]!;
    }, [x, y] as const);
  await expect.poll(() => padShade(0.5, 0.25)).toBeGreaterThan(200);
  expect(await padShade(0.6, 0.5)).toBeGreaterThan(200);
  expect(await padShade(0.1, 0.9)).toBe(0);

  await expect(view.getByRole('img', { name: 'Reconstruction' })).toBeVisible();
  await expect(view).toHaveAttribute('data-state', 'ready');
  await expect(view.getByText(/validation digits/)).toBeVisible();
  await expect(view.getByRole('img', { name: /Error heat map/ })).toBeVisible();
  await expect(view.getByRole('img', { name: /^Model input, 28 by 28/ })).toBeVisible();
  await expect(view.getByRole('region', { name: 'Latent code' })).toBeVisible();
  await expect(view.getByRole('region', { name: 'Nearest training digits' }).getByRole('listitem')).toHaveCount(8);

  // latency from a stroke's pointer event to its reconstruction on screen, over 200 strokes:
  // from the pointerdown's timeStamp to the first animation frame after the reply's DOM
  // update (the frame that paints it; strokes start in a frame callback, where the browser
  // delivers pointermoves, so this is at least one frame). `dom` stops at the DOM update.
  // The socket's send and receive times split it into the page's input work, the round
  // trip (server, engine), the page's reply work and the wait for the frame.
  const strokes = await page.evaluate(async () => {
    const section = document.querySelector('section[aria-label="Draw"]')!;
    const canvas = document.querySelector('[aria-label^="Drawing pad"] canvas')!;
    const box = canvas.getBoundingClientRect();
    const socket = (window as unknown as { __drawSocket: { sent: number; received: number } }).__drawSocket;
    const answered = (count: number): Promise<number> =>
      new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (Number(section.getAttribute('data-answers')) > count) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(section, { attributes: true, attributeFilter: ['data-answers'] });
      });
    const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
    const out: Array<{ total: number; dom: number; input: number; roundTrip: number; reply: number; paint: number }> = [];
    for (let i = 0; i < 200; i++) {
      const before = Number(section.getAttribute('data-answers'));
      const x = box.left + box.width * (0.3 + 0.4 * ((i * 37) % 100) / 100);
      const at = (y: number): PointerEventInit => ({ pointerId: 1, clientX: x, clientY: box.top + box.height * y, bubbles: true, pressure: 0.5, isPrimary: true, button: 0, buttons: 1 });
      const down = new PointerEvent('pointerdown', at(0.3));
      const dom = answered(before);
      canvas.dispatchEvent(down);
      canvas.dispatchEvent(new PointerEvent('pointermove', at(0.5)));
      canvas.dispatchEvent(new PointerEvent('pointerup', { ...at(0.5), buttons: 0 }));
      const updated = await dom;
      const painted = await nextFrame();
      out.push({
        total: painted - down.timeStamp,
        dom: updated - down.timeStamp,
        input: socket.sent - down.timeStamp,
        roundTrip: socket.received - socket.sent,
        reply: updated - socket.received,
        paint: painted - updated,
      });
    }
    return out;
  });
  // the floor under the round trip: the same request (reconstruction only) over a socket of
  // its own, with no view work around it
  const runId = await page.getByLabel('Model', { exact: true }).inputValue();
  const floor = await page.evaluate(async (runId) => {
    const { url } = (window as unknown as { __drawSocket: { url: string } }).__drawSocket;
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    await new Promise((resolve) => (socket.onopen = resolve));
    const pixels = new Float32Array(784).map((_, i) => ((i * 7) % 13) / 13);
    const times: number[] = [];
    for (let id = 1; id <= 100; id++) {
      // the binary frame of protocol/wire.ts: [u32 header length][JSON header][pad to 8][pixels]
      const header = new TextEncoder().encode(
        JSON.stringify({ type: 'request', id, method: 'inferDrawing', params: { runId, pixels: { $typed: 'Float32Array', offset: 0, length: 784 }, neighbours: 0, samples: 0 } }),
      );
      const body = Math.ceil((4 + header.length) / 8) * 8;
      const frame = new Uint8Array(body + pixels.byteLength);
      new DataView(frame.buffer).setUint32(0, header.length, true);
      frame.set(header, 4);
      frame.set(new Uint8Array(pixels.buffer), body);
      const start = performance.now();
      const replied = new Promise<void>((resolve) => {
        socket.onmessage = (event) => {
          if (typeof event.data !== 'string') resolve();
        };
      });
      socket.send(frame);
      await replied;
      times.push(performance.now() - start);
    }
    socket.close();
    return times.sort((a, b) => a - b);
  }, runId);
  const stats = (key: keyof (typeof strokes)[number]): string => {
    const sorted = strokes.map((s) => s[key]).sort((a, b) => a - b);
    return `${key} ${sorted[100]!.toFixed(1)}/${sorted[190]!.toFixed(1)}`;
  };
  // a benchmark figure, printed for BENCHMARKS.md rather than asserted (shared CI machines)
  console.log(
    `Draw latency over 200 strokes, pointer event to painted reconstruction (serve mode), median/p95 ms: ${stats('total')}; ${stats('dom')}; ` +
      `${stats('input')}, ${stats('roundTrip')}, ${stats('reply')}, ${stats('paint')}; ` +
      `the same round trip without the view ${floor[50]!.toFixed(1)}/${floor[95]!.toFixed(1)}`,
  );
  expect(strokes).toHaveLength(200);
  // every stroke was sent and answered after its pointer event, in that order
  for (const s of strokes) expect(Math.min(s.input, s.roundTrip, s.reply, s.paint)).toBeGreaterThanOrEqual(0);

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
