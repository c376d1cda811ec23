// The desktop app itself. Runs where the Electron binary can be obtained; elsewhere (offline
// machines such as this project's CI) it skips and prints why.
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../scripts/electron-binary.mjs';
import { eventNames, methodNames, subscriberName } from '../src-main/protocol/contract';

const binary = electronBinary();
if (!binary.path) console.log(`Skipping the Electron e2e test: the Electron binary could not be obtained (${binary.why}).`);

test('the desktop window opens hardened and talks to the engine', async () => {
  test.skip(!binary.path, `Electron binary unavailable: ${binary.why}`);
  const app = await electron.launch({ executablePath: binary.path!, args: ['.'], env: { ...process.env, LATENT_BACKEND: 'wasm' } });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('status', { name: 'Engine status' })).toContainText('wasm');
    expect(page.url()).toBe('app://workbench/index.html');
    // isolated and sandboxed: the page sees exactly the contract's actions, no Node, no raw IPC
    const seen = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        keys: Object.keys(w.workbench as object).sort(),
        popup: window.open('https://evil.example/') === null,
      };
    });
    const allowed = [...methodNames, ...eventNames.map((event) => subscriberName(event))].sort();
    expect(seen).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', keys: allowed, popup: true });
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
  }
});
