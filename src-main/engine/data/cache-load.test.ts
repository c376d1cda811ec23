// Acceptance: the 70,000 Fashion-MNIST images load from the cache in well under a second.
// Needs Debian's dataset-fashion-mnist; skipped (saying so) where it is not installed.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { datasetPage, datasetStats } from './browse';
import { FASHION_MNIST_DEBIAN_DIR, FASHION_MNIST_FILES } from './fashion-mnist';
import { DatasetRegistry } from './registry';

const installed = FASHION_MNIST_FILES.every((f) => existsSync(join(FASHION_MNIST_DEBIAN_DIR, f)));
const dirs: string[] = [];
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe.skipIf(!installed)('Fashion-MNIST from its cache', () => {
  it('loads 70,000 images in under a second, and pages and summarises them', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'latent-cache-load-'));
    dirs.push(dataDir);
    vi.stubEnv('LATENT_FASHION_MNIST_DIR', FASHION_MNIST_DEBIAN_DIR);
    await new DatasetRegistry(dataDir).open('fashion-mnist'); // converts once
    const started = performance.now();
    const set = await new DatasetRegistry(dataDir).open('fashion-mnist');
    const ms = performance.now() - started;
    console.log(`[measure] 70,000 Fashion-MNIST images loaded from the cache in ${ms.toFixed(1)} ms`);
    expect(set.summary.count).toBe(70_000);
    expect(set.images.length).toBe(70_000 * 784);
    expect(ms).toBeLessThan(1000);
    const last = datasetPage(set, null, 69_990, 512);
    expect(last.count).toBe(10);
    const t = performance.now();
    const stats = datasetStats(set);
    console.log(`[measure] per-class counts, mean and variance of 70,000 images in ${(performance.now() - t).toFixed(1)} ms`);
    expect(Array.from(stats.classCounts!)).toEqual(Array(10).fill(7000));
  });
});
