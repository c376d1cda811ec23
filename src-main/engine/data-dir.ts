/** Where datasets are cached and runs are written, outside the Electron app. */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `LATENT_HOME` if set, else the platform's per-user data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.LATENT_HOME) return env.LATENT_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Latent Workbench');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Latent Workbench');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'latent-workbench');
}
