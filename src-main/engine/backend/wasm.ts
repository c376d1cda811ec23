/**
 * Loads @tensorflow/tfjs-backend-wasm with its .wasm binaries read from the package's own
 * dist folder (wherever the bundle lives), activates it and applies the matmul and conv
 * kernel patches.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { describeRequireFailure, firstLine, type LoadOutcome } from './load-outcome';
import { patchWasmMatMul, PATCHED_MATMUL_KERNELS } from './wasm-batchmatmul';
import { patchWasmConvKernels, PATCHED_CONV_KERNELS } from './wasm-conv-kernels';

const nodeRequire = createRequire(import.meta.url);
const PKG = '@tensorflow/tfjs-backend-wasm';

/** The three builds the package ships, as tfjs-backend-wasm 4.22 names them. */
export type WasmVariant = 'threaded-simd' | 'simd' | 'plain';

/** Pure: which binary tfjs-backend-wasm picks for these feature flags (mirrors its getPathToWasmBinary). */
export function wasmVariant(simd: boolean, threads: boolean): { variant: WasmVariant; file: string } {
  if (simd && threads) return { variant: 'threaded-simd', file: 'tfjs-backend-wasm-threaded-simd.wasm' };
  if (simd) return { variant: 'simd', file: 'tfjs-backend-wasm-simd.wasm' };
  return { variant: 'plain', file: 'tfjs-backend-wasm.wasm' };
}

interface WasmModule {
  setWasmPaths(prefixOrFileMap: string | Record<string, string>, usePlatformFetch?: boolean): void;
  getThreadsCount(): number;
  version_wasm: string;
}

/** Tries the wasm backend; on success it is active and its matmul kernels are patched. */
export async function loadWasm(): Promise<LoadOutcome> {
  let wasm: WasmModule;
  let distDir: string;
  try {
    distDir = dirname(nodeRequire.resolve(PKG));
    wasm = nodeRequire(PKG) as WasmModule;
  } catch (error) {
    return describeRequireFailure(PKG, error);
  }

  // Flags are registered by the package; tfjs disables wasm threads under Node.
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  const { variant, file } = wasmVariant(simd, threads);
  if (!existsSync(join(distDir, file))) {
    return { ok: false, why: `tfjs-backend-wasm installed but ${file} is missing from ${distDir}` };
  }
  try {
    // A directory prefix: emscripten's own guess is relative to the script, wrong once bundled.
    wasm.setWasmPaths(distDir + sep);
  } catch {
    // Already initialised by an earlier selection: the paths no longer matter.
  }

  const warnings: unknown[] = [];
  const ok = await withWarningsCaptured(warnings, () => tf.setBackend('wasm'));
  if (!ok) {
    const detail = warnings.length > 0 ? `: ${firstLine(warnings[warnings.length - 1])}` : '';
    return { ok: false, why: `tfjs-backend-wasm installed but failed to initialise${detail}` };
  }
  await tf.ready();
  patchWasmMatMul();
  patchWasmConvKernels();

  let threadCount = 'unknown';
  try {
    threadCount = String(wasm.getThreadsCount());
  } catch {
    // Only known after initialisation; keep "unknown" if this build cannot say.
  }
  return {
    ok: true,
    versions: {
      'tfjs-backend-wasm': wasm.version_wasm,
      'wasm-variant': variant,
      'wasm-file': file,
      'wasm-threads': threadCount,
      'wasm-kernel-patches': [...PATCHED_MATMUL_KERNELS, ...PATCHED_CONV_KERNELS].join(','),
    },
  };
}

/** tfjs reports a failed backend init only through console.warn; keep a copy of it. */
async function withWarningsCaptured<T>(sink: unknown[], run: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = (...args: unknown[]): void => {
    sink.push(args.length === 1 ? args[0] : args.map(String).join(' '));
    original(...args);
  };
  try {
    return await run();
  } finally {
    console.warn = original;
  }
}
