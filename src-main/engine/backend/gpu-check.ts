/**
 * tfjs-node-gpu built against a CUDA/cuDNN the machine lacks loads fine and silently runs
 * on the CPU. This tells the two apart: from the binding's own device check when it has
 * one, else from how fast a 1024x1024 matmul runs.
 */
import type * as tfType from '@tensorflow/tfjs';

/** What was observed about the native GPU backend. */
export interface GpuEvidence {
  /** the backend's `isUsingGpuDevice` (TensorFlow listed a GPU device), when exposed */
  deviceVisible?: boolean | undefined;
  /** milliseconds for one 1024x1024 float32 matmul after a warm-up, when timed */
  matmulMs?: number | undefined;
}

/** Whether node-gpu really runs on a GPU, and the sentence that says so. */
export interface GpuVerdict {
  /** true on a GPU, false on the CPU, undefined when nothing could tell */
  onGpu: boolean | undefined;
  note: string;
}

/** Side of the probe matmul. */
export const PROBE_SIZE = 1024;

/** Below this rate a 1024x1024 matmul is taken to run on a CPU (GPUs do >1000 GFLOPS). */
export const MIN_GPU_GFLOPS = 300;

const NO_GPU = 'node-gpu loaded but no GPU device is visible to TensorFlow: CUDA/cuDNN mismatch? running on CPU';

/** Pure: judges the evidence; the device check wins over timing. */
export function judgeGpu(evidence: GpuEvidence, minGpuGflops = MIN_GPU_GFLOPS): GpuVerdict {
  if (evidence.deviceVisible === true) {
    return { onGpu: true, note: 'a CUDA GPU is visible to TensorFlow' };
  }
  if (evidence.deviceVisible === false) return { onGpu: false, note: NO_GPU };
  const ms = evidence.matmulMs;
  if (ms !== undefined && Number.isFinite(ms) && ms > 0) {
    const gflops = (2 * PROBE_SIZE ** 3) / (ms * 1e6);
    const rate = `${gflops.toFixed(0)} GFLOPS on a ${PROBE_SIZE}x${PROBE_SIZE} matmul`;
    return gflops >= minGpuGflops
      ? { onGpu: true, note: `GPU speed (${rate})` }
      : { onGpu: false, note: `${NO_GPU} (only ${rate})` };
  }
  return { onGpu: undefined, note: 'node-gpu loaded; could not tell whether TensorFlow sees a GPU' };
}

/** Gathers the evidence from the active 'tensorflow' backend (times a matmul only if needed). */
export function probeGpu(tf: typeof tfType): GpuEvidence {
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: unknown };
  if (typeof backend.isUsingGpuDevice === 'boolean') {
    return { deviceVisible: backend.isUsingGpuDevice };
  }
  const x = tf.randomUniform([PROBE_SIZE, PROBE_SIZE]);
  try {
    const run = (): void => {
      const y = tf.matMul(x, x);
      y.dataSync();
      y.dispose();
    };
    run(); // warm-up: the first call pays for CUDA context and kernel selection
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      run();
      times.push(performance.now() - start);
    }
    times.sort((p, q) => p - q);
    return { matmulMs: times[1] };
  } finally {
    x.dispose();
  }
}
