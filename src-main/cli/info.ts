/** `latent info`: which backend the engine would use here, and why. */
import { parseBackendName, selectBackend } from '../engine/backend';
import { defaultDataDir } from '../engine/data-dir';

export async function infoCommand(options: { json: boolean }): Promise<number> {
  const choice = await selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) });
  const info = { backend: choice.backend, reason: choice.reason, versions: choice.versions, dataDir: defaultDataDir() };
  if (options.json) {
    process.stdout.write(JSON.stringify(info) + '\n');
  } else {
    const versions = Object.entries(info.versions).map(([k, v]) => `  ${k}: ${v}`).join('\n');
    process.stdout.write(`Backend:  ${info.backend}\nWhy:      ${info.reason}\nData dir: ${info.dataDir}\nVersions:\n${versions}\n`);
  }
  return 0;
}
