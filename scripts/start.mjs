// `npm start`: the desktop app, or — where the Electron binary can't be obtained, as on
// offline machines — the same UI served to the browser.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './ensure-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The Electron binary's path, fetching it on first use; null when that fails. */
function electronBinary() {
  // electron@45 downloads its binary the first time it is required; do that in a child so
  // its progress and errors stay out of the way
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return probe.status === 0 && probe.stdout ? probe.stdout : null;
}

ensureBuild();
const electron = process.env.LATENT_NO_ELECTRON ? null : electronBinary();
if (electron) {
  const app = spawn(electron, ['.'], { cwd: root, stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(
    'The Electron binary could not be downloaded (this machine cannot reach its download host), so Latent Workbench serves the same UI in your browser instead.\n',
  );
  const serve = spawn(process.execPath, [fileURLToPath(new URL('../bin/latent.mjs', import.meta.url)), 'serve', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
  serve.on('exit', (code) => process.exit(code ?? 0));
}
