/** Loads @tensorflow/tfjs-node or -gpu into the engine's tfjs and activates its 'tensorflow' backend. */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { judgeGpu, probeGpu } from './gpu-check';
import { describeRequireFailure, firstLine, shortName, type LoadOutcome } from './load-outcome';
import { ensureNodeUtilShims } from './node-util-shim';

const nodeRequire = createRequire(import.meta.url);

/** Tries one native package; on success the 'tensorflow' backend is active. */
export async function loadNative(pkg: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu'): Promise<LoadOutcome> {
  const name = shortName(pkg);
  try {
    nodeRequire.resolve(pkg);
  } catch (error) {
    return describeRequireFailure(pkg, error);
  }
  ensureNodeUtilShims();
  try {
    nodeRequire(pkg);
  } catch (error) {
    return describeRequireFailure(pkg, error);
  }
  if (tf.findBackendFactory('tensorflow') == null) {
    // Its own nested copy of tfjs-core got the backend; ours never sees it.
    return {
      ok: false,
      why: `${name} loaded but registered into another copy of @tensorflow/tfjs-core (run npm dedupe)`,
    };
  }
  try {
    if (!(await tf.setBackend('tensorflow'))) {
      return { ok: false, why: `${name} installed but its TensorFlow backend failed to initialise` };
    }
    await tf.ready();
  } catch (error) {
    return { ok: false, why: `${name} installed but failed to start: ${firstLine(error)}` };
  }

  const versions: Record<string, string> = { [name]: packageVersion(pkg) };
  const binding = (tf.backend() as unknown as { binding?: { TF_Version?: unknown } }).binding;
  if (typeof binding?.TF_Version === 'string') versions['libtensorflow'] = binding.TF_Version;
  if (pkg !== '@tensorflow/tfjs-node-gpu') return { ok: true, versions };

  const verdict = judgeGpu(probeGpu(tf));
  versions['gpu'] = verdict.onGpu === undefined ? 'unknown' : verdict.onGpu ? 'yes' : 'no';
  return { ok: true, versions, note: verdict.note };
}

function packageVersion(pkg: string): string {
  try {
    return (nodeRequire(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
