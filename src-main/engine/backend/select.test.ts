import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import type { BackendName } from '../../protocol/schemas';
import { parseBackendName, selectBackend } from './index';
import { describeRequireFailure, firstLine, OFFLINE_HINT, type LoadOutcome } from './load-outcome';
import { loadNative } from './native';
import { ensureNodeUtilShims } from './node-util-shim';
import { selectFrom, type BackendCandidate } from './select';
import { wasmVariant } from './wasm';

const notInstalled = (pkg: string): LoadOutcome => ({ ok: false, why: `${pkg} not installed`, hint: OFFLINE_HINT });

function fakes(outcomes: Record<BackendName, LoadOutcome>): BackendCandidate[] {
  return (['node-gpu', 'node', 'wasm', 'cpu'] as const).map((name) => ({
    name,
    load: vi.fn(async () => outcomes[name]),
  }));
}

const offline = {
  'node-gpu': notInstalled('tfjs-node-gpu'),
  node: notInstalled('tfjs-node'),
  wasm: { ok: true, versions: { 'tfjs-backend-wasm': '4.22.0' } },
  cpu: { ok: true, versions: {} },
} satisfies Record<BackendName, LoadOutcome>;

describe('parseBackendName', () => {
  it('accepts every backend name, ignoring case and spaces', () => {
    expect(parseBackendName('node-gpu')).toBe('node-gpu');
    expect(parseBackendName(' WASM ')).toBe('wasm');
    expect(parseBackendName('cpu')).toBe('cpu');
  });
  it('treats unset or empty as no preference', () => {
    expect(parseBackendName(undefined)).toBeUndefined();
    expect(parseBackendName('')).toBeUndefined();
  });
  it('rejects a bad LATENT_BACKEND value, listing the valid names', () => {
    expect(() => parseBackendName('webgl')).toThrow(
      'Unknown backend "webgl" (from --backend or LATENT_BACKEND): expected one of node-gpu, node, wasm, cpu',
    );
  });
});

describe('selectFrom', () => {
  it('falls to wasm offline and says why once', async () => {
    const choice = await selectFrom(fakes(offline));
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toBe(
      'wasm — tfjs-node-gpu not installed; tfjs-node not installed (libtensorflow download fails offline: npm drops the optional package)',
    );
    expect(choice.versions).toEqual({ 'tfjs-backend-wasm': '4.22.0' });
  });

  it('starts at the preferred backend and falls back down the list, saying so', async () => {
    const candidates = fakes(offline);
    const choice = await selectFrom(candidates, 'node');
    expect(choice.backend).toBe('wasm');
    expect(choice.reason).toBe(
      'wasm — requested node, but tfjs-node not installed (libtensorflow download fails offline: npm drops the optional package); fell back down the list',
    );
    expect(candidates[0]!.load).not.toHaveBeenCalled();
  });

  it('honours a preferred backend that loads', async () => {
    const candidates = fakes(offline);
    const choice = await selectFrom(candidates, 'cpu');
    expect(choice).toEqual({ backend: 'cpu', reason: 'cpu — requested with --backend / LATENT_BACKEND', versions: {} });
    expect(candidates[2]!.load).not.toHaveBeenCalled();
  });

  it('distinguishes a broken install and carries the loaded backend note', async () => {
    const choice = await selectFrom(
      fakes({
        ...offline,
        'node-gpu': {
          ok: true,
          versions: { gpu: 'no' },
          note: 'node-gpu loaded but no GPU device is visible to TensorFlow: CUDA/cuDNN mismatch? running on CPU',
        },
      }),
    );
    expect(choice.reason).toBe(
      'node-gpu — node-gpu loaded but no GPU device is visible to TensorFlow: CUDA/cuDNN mismatch? running on CPU',
    );
    const broken = await selectFrom(
      fakes({ ...offline, node: { ok: false, why: 'tfjs-node installed but failed to load: libtensorflow.so.2: cannot open shared object file' } }),
    );
    expect(broken.reason).toBe(
      'wasm — tfjs-node-gpu not installed; tfjs-node installed but failed to load: libtensorflow.so.2: cannot open shared object file (libtensorflow download fails offline: npm drops the optional package)',
    );
  });

  it('throws naming every failure when nothing loads', async () => {
    const failing = { ok: false, why: 'x failed' } as const;
    await expect(selectFrom(fakes({ 'node-gpu': failing, node: failing, wasm: failing, cpu: failing }))).rejects.toThrow(
      'No TensorFlow.js backend could be loaded: x failed; x failed; x failed; x failed',
    );
  });
});

describe('selectBackend (real packages)', () => {
  it('selects cpu when cpu is preferred', async () => {
    const choice = await selectBackend({ preferred: 'cpu' });
    expect(choice.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(choice.versions['tfjs-backend-cpu']).toBe(tf.version_core);
    expect(choice.versions['node']).toBe(process.versions.node);
  });

  it('reports a missing native package as not installed', async () => {
    let installed = true;
    try {
      (await import('node:module')).createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    } catch {
      installed = false;
    }
    if (installed) {
      console.log('@tensorflow/tfjs-node is installed here; skipping the "not installed" check');
      return;
    }
    expect(await loadNative('@tensorflow/tfjs-node')).toEqual({
      ok: false,
      why: 'tfjs-node not installed',
      hint: OFFLINE_HINT,
    });
  });
});

describe('describeRequireFailure', () => {
  const moduleNotFound = (message: string): Error => Object.assign(new Error(message), { code: 'MODULE_NOT_FOUND' });

  it('says "not installed" only when the package itself is missing', () => {
    const error = moduleNotFound("Cannot find module '@tensorflow/tfjs-node-gpu'\nRequire stack:\n- /x/engine.js");
    expect(describeRequireFailure('@tensorflow/tfjs-node-gpu', error)).toEqual({
      ok: false,
      why: 'tfjs-node-gpu not installed',
      hint: OFFLINE_HINT,
    });
  });

  it('says "installed but failed to load" with the first line for anything else', () => {
    const binding = moduleNotFound(
      "Cannot find module '/x/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'\nRequire stack:\n- a",
    );
    expect(describeRequireFailure('@tensorflow/tfjs-node', binding)).toEqual({
      ok: false,
      why: "tfjs-node installed but failed to load: Cannot find module '/x/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'",
      hint: 'reinstall @tensorflow/tfjs-node with network access so it can fetch libtensorflow',
    });
    const crash = new TypeError('util.isNullOrUndefined is not a function\n    at NodeJSKernelBackend');
    expect(describeRequireFailure('@tensorflow/tfjs-node', crash).why).toBe(
      'tfjs-node installed but failed to load: util.isNullOrUndefined is not a function',
    );
  });

  it('takes the first non-empty line of anything thrown', () => {
    expect(firstLine('\n  boom \nmore')).toBe('boom');
    expect(firstLine(new Error('one\ntwo'))).toBe('one');
  });
});

describe('ensureNodeUtilShims', () => {
  it('adds isNullOrUndefined (and isArray) where Node removed them', () => {
    const util: Record<string, unknown> = {};
    expect(ensureNodeUtilShims(util)).toEqual(['isNullOrUndefined', 'isArray']);
    const isNullOrUndefined = util['isNullOrUndefined'] as (v: unknown) => boolean;
    expect([null, undefined, 0, '', false].map(isNullOrUndefined)).toEqual([true, true, false, false, false]);
    expect(ensureNodeUtilShims(util)).toEqual([]);
  });

  it('leaves a util that still has them alone', () => {
    const own = (v: unknown): boolean => v == null;
    const util: Record<string, unknown> = { isNullOrUndefined: own, isArray: Array.isArray };
    expect(ensureNodeUtilShims(util)).toEqual([]);
    expect(util['isNullOrUndefined']).toBe(own);
  });
});

describe('wasmVariant', () => {
  it('mirrors tfjs-backend-wasm binary choice', () => {
    expect(wasmVariant(true, true)).toEqual({ variant: 'threaded-simd', file: 'tfjs-backend-wasm-threaded-simd.wasm' });
    expect(wasmVariant(true, false)).toEqual({ variant: 'simd', file: 'tfjs-backend-wasm-simd.wasm' });
    expect(wasmVariant(false, true)).toEqual({ variant: 'plain', file: 'tfjs-backend-wasm.wasm' });
  });
});
