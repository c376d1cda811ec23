// The installer config as electron-builder itself loads and validates it: the fuses that
// close Electron's back doors, and the native/wasm files kept out of the asar archive.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Configuration } from 'electron-builder';

const root = fileURLToPath(new URL('../..', import.meta.url));
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { getConfig, validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, options: null): Promise<Configuration>;
  validateConfiguration(config: Configuration, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};

const config = await getConfig(root, join(root, 'electron-builder.config.ts'), null);

describe('electron-builder config', () => {
  it('is what electron-builder loads, and passes its schema', async () => {
    const logger = { isEnabled: false, add: () => {} };
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
    // the schema check is live: a misspelt fuse is refused
    await expect(validateConfiguration({ ...config, electronFuses: { runAsnode: false } } as Configuration, logger)).rejects.toThrow(/configuration.electronFuses/);
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
  });

  it('sets the fuses: no run-as-node, NODE_OPTIONS or inspect; only an integrity-checked asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('unpacks the native tfjs addons and the wasm binaries the engine loads', () => {
    expect(config.asarUnpack).toEqual(['node_modules/@tensorflow/tfjs-node*/**', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm']);
    const wasm = readdirSync(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')).filter((name) => name.endsWith('.wasm'));
    expect(wasm.sort()).toEqual(['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm.wasm']);
  });

  it('ships the built app without the benchmark or source maps', () => {
    // electron-builder normalises the list into one filter set
    expect(config.files).toEqual([{ filter: ['out/**/*', '!out/main/bench.js', '!out/.build-stamp', '!**/*.map'] }]);
    expect(config.publish).toBeNull();
  });
});
