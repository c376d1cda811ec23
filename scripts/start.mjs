// `npm start`: the desktop app, or — where the Electron binary can't be obtained, as on
// offline machines — the same UI served to the browser.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';
import { ensureBuild } from './ensure-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

await ensureBuild();
const electron = process.env.LATENT_NO_ELECTRON ? { path: null, why: 'LATENT_NO_ELECTRON is set' } : electronBinary();
if (electron.path) {
  const app = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(
    `The desktop window can't open because the Electron binary is missing (${electron.why}), so Latent Workbench serves the same UI in your browser instead.\n`,
  );
  const serve = spawn(process.execPath, [fileURLToPath(new URL('../bin/latent.mjs', import.meta.url)), 'serve', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
  serve.on('exit', (code) => process.exit(code ?? 0));
}
