// `latent`, `npm start` and the bench build out/ when the sources are newer: two commands
// started together build once (under a lock), and a build cut short is done again.
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuild, isFresh } from '../../scripts/ensure-build.mjs';

const OUTPUTS = ['out/main/index.js', 'out/main/engine.js', 'out/main/cli.js', 'out/main/bench.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

/** A project folder whose sources were just changed. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'latent-ensure-build-'));
  mkdirSync(join(root, 'src-main'));
  writeFileSync(join(root, 'src-main', 'a.ts'), '');
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'src-main', 'a.ts'), past, past);
  utimesSync(join(root, 'src-main'), past, past);
  return root;
}

/** A build that takes a while and writes every output. */
function fakeBuild(counter: { builds: number }, code = 0) {
  return async (root: string): Promise<number> => {
    counter.builds++;
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (code === 0) {
      for (const output of OUTPUTS) {
        mkdirSync(dirname(join(root, output)), { recursive: true });
        writeFileSync(join(root, output), 'built');
      }
    }
    return code;
  };
}

describe('ensureBuild', () => {
  it('builds once when two commands start together, then not at all', async () => {
    const root = project();
    const counter = { builds: 0 };
    expect(isFresh(root)).toBe(false);
    await Promise.all([ensureBuild({ root, build: fakeBuild(counter) }), ensureBuild({ root, build: fakeBuild(counter) })]);
    expect(counter.builds).toBe(1);
    expect(isFresh(root)).toBe(true);
    await ensureBuild({ root, build: fakeBuild(counter) });
    expect(counter.builds).toBe(1);
  });

  it('builds again after a build that was cut short left its outputs behind', async () => {
    const root = project();
    const counter = { builds: 0 };
    await ensureBuild({ root, build: fakeBuild(counter) });
    // what Ctrl-C in the middle of a build leaves: the outputs of the last one, and the marker
    writeFileSync(join(root, 'out', '.build-incomplete'), '');
    expect(isFresh(root)).toBe(false);
    await ensureBuild({ root, build: fakeBuild(counter) });
    expect(counter.builds).toBe(2);
    expect(isFresh(root)).toBe(true);
  });
});
