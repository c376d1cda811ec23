// The desktop app itself. Runs where the Electron binary can be obtained; elsewhere (offline
// machines such as this project's CI) it skips and prints why.
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary } from '../scripts/electron-binary.mjs';

const binary = electronBinary();
if (!binary.path) console.log(`Skipping the Electron e2e test: the Electron binary could not be obtained (${binary.why}).`);

test('the desktop window opens hardened and talks to the engine', async () => {
  test.skip(!binary.path, `Electron binary unavailable: ${binary.why}`);
  const app = await electron.launch({ executablePath: binary.path!, args: ['.'], env: { ...process.env, LATENT_BACKEND: 'wasm' } });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('status', { name: 'Engine status' })).toContainText('wasm');
    // isolated and sandboxed: the page sees the contract's actions, no Node, no raw IPC
    const page = await window.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const bridge = w.workbench as Record<string, unknown>;
      return { getInfo: typeof bridge.getInfo, send: typeof bridge.send, require: typeof w.require, process: typeof w.process };
    });
    expect(page).toEqual({ getInfo: 'function', send: 'undefined', require: 'undefined', process: 'undefined' });
  } finally {
    await app.close();
  }
});
