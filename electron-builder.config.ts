/**
 * Desktop installers, built by `npm run dist` on a connected machine (electron-builder fetches
 * Electron for the target there), each OS on itself: the native tfjs packages in node_modules
 * carry the libtensorflow of the machine that installed them. The fuses close Electron's
 * back doors: no ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect, and code only from an
 * integrity-checked app.asar.
 */
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'app.latent-workbench',
  productName: 'Latent Workbench',
  directories: { output: 'dist', buildResources: 'build' },
  // the built app; package.json and the production dependencies are added by electron-builder
  files: ['out/**/*', '!out/main/bench.js', '!out/.build-stamp', '!**/*.map'],
  asar: true,
  asarUnpack: [
    // native addons and libtensorflow cannot be loaded from inside an archive
    'node_modules/@tensorflow/tfjs-node*/**',
    // the engine hands these to emscripten as plain file paths
    'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm',
  ],
  // tfjs-node's addon is N-API (no rebuild for Electron); rebuilding would re-download libtensorflow
  npmRebuild: false,
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    // the app loads from app://, so file: pages need no more than a browser gives them
    grantFileProtocolExtraPrivileges: false,
  },
  publish: null,
  linux: { target: ['AppImage'], category: 'Science' },
  mac: { target: ['dmg'], category: 'public.app-category.education' },
  win: { target: ['nsis'] },
};

export default config;
