// Builds out/ when it is missing or older than the sources, so `npm start` and `latent`
// need no separate build step. Build output goes to stderr: stdout may be --json.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// the build's products; the oldest of them is when the build last completed
const outputs = ['out/main/index.js', 'out/main/engine.js', 'out/main/cli.js', 'out/main/bench.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const inputs = ['src-main', 'src-renderer', 'resources', 'electron.vite.config.ts', 'svelte.config.js', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function ensureBuild() {
  const builtAt = Math.min(...outputs.map((p) => (existsSync(join(root, p)) ? statSync(join(root, p)).mtimeMs : 0)));
  const changedAt = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
  if (builtAt > changedAt) return;
  process.stderr.write('Building Latent Workbench (only when its sources changed)…\n');
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write('The build failed (see above). Run `npm install` if dependencies are missing.\n');
    process.exit(result.status ?? 1);
  }
}
