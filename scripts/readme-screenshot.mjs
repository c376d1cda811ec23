// Makes README's screenshot from the real UI: serve mode in Debian's Chromium, a short run.
// Usage: node scripts/readme-screenshot.mjs [out.png]
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from '@playwright/test';

const out = process.argv[2] ?? 'resources/screenshot-train.png';
const serve = spawn(process.execPath, ['bin/latent.mjs', 'serve', '--json'], {
  env: { ...process.env, LATENT_HOME: mkdtempSync(join(tmpdir(), 'latent-shot-')) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve) =>
  createInterface({ input: serve.stdout }).on('line', (line) => resolve(JSON.parse(line).url)),
);
const browser = await chromium.launch({ executablePath: process.env.LATENT_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.getByLabel('Epochs').fill('3');
  await page.getByRole('button', { name: 'Train' }).click();
  await page.locator('section[data-state="finished"]').waitFor({ timeout: 120_000 });
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  serve.kill();
}
