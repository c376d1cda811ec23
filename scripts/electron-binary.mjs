// Finds the Electron binary. electron@45 downloads it the first time it is required; the
// probe runs in a child so the download's progress and stack traces stay out of the way.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `{ path }` when the binary is there (or could be fetched), else `{ path: null, why }`. */
export function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (probe.status === 0 && probe.stdout) return { path: probe.stdout, why: '' };
  const cause = (probe.stderr ?? '').split('\n').find((line) => /^\w*Error:/.test(line.trim()));
  return { path: null, why: `its download failed: ${cause?.trim() ?? 'no error message'}` };
}
