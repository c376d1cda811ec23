// Builds out/ when it is missing or older than the sources, so `npm start` and `latent`
// need no separate build step. Build output goes to stderr: stdout may be --json.
// Two commands started at once (`latent serve` and `latent train` after an update) build
// one after the other under a lock, and the second finds the build fresh.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// the build's products; the oldest of them is when the build last completed
const outputs = ['out/main/index.js', 'out/main/engine.js', 'out/main/cli.js', 'out/main/bench.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const inputs = ['src-main', 'src-renderer', 'resources', 'electron.vite.config.ts', 'svelte.config.js', 'package.json'];
/** Present while a build runs: one cut short (Ctrl-C) can leave the entry files new and an
 * asset missing, so the next command builds again. */
const INCOMPLETE = join('out', '.build-incomplete');
/** Held while building; a holder that died leaves it stale after this long without updates. */
const lockOptions = (root) => ({ lockfilePath: join(root, 'out.build-lock'), stale: 30_000, retries: { retries: 1000, minTimeout: 100, maxTimeout: 1000 } });

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function isFresh(root = ROOT) {
  if (existsSync(join(root, INCOMPLETE))) return false;
  const builtAt = Math.min(...outputs.map((p) => (existsSync(join(root, p)) ? statSync(join(root, p)).mtimeMs : 0)));
  const changedAt = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
  return builtAt > changedAt;
}

function electronViteBuild(root) {
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  // asynchronous, so the lock's heartbeat keeps it fresh during a long build
  return new Promise((resolve) =>
    spawn(process.execPath, [cli, 'build'], { cwd: root, stdio: ['ignore', 2, 2] })
      .on('exit', (code) => resolve(code))
      .on('error', () => resolve(1)),
  );
}

/** Builds `root` with `build` (exit code) unless it is fresh; `build` is replaceable for tests. */
export async function ensureBuild({ root = ROOT, build = electronViteBuild } = {}) {
  if (isFresh(root)) return;
  const lockfile = await import('proper-lockfile').then(
    (module) => module.default,
    () => {
      process.stderr.write('Latent Workbench needs building, but its dependencies are missing or out of date: run `npm install` first.\n');
      process.exit(1);
    },
  );
  const release = await lockfile.lock(root, lockOptions(root));
  let code = 0;
  try {
    // another command may have built while this one waited
    if (isFresh(root)) return;
    process.stderr.write('Building Latent Workbench (only when its sources changed)…\n');
    mkdirSync(join(root, 'out'), { recursive: true });
    writeFileSync(join(root, INCOMPLETE), '');
    code = await build(root);
    if (code === 0) rmSync(join(root, INCOMPLETE), { force: true });
  } finally {
    await release();
  }
  if (code !== 0) {
    process.stderr.write('The build failed (see above). Run `npm install` if dependencies are missing.\n');
    process.exit(code ?? 1);
  }
}
