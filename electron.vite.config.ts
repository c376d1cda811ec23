import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// One build makes everything `npm start`, `latent` and the tests run: the Electron main,
// the engine process and the CLI (all Node, dependencies left in node_modules), the
// sandboxed preload (CommonJS, self-contained) and the renderer.
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve('src-main/main/index.ts'),
          engine: resolve('src-main/engine/process-entry.ts'),
          cli: resolve('src-main/cli/index.ts'),
          bench: resolve('src-main/bench/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src-renderer'),
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    build: {
      outDir: resolve('out/renderer'),
      minify: true,
      rolldownOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
