import { describe, expect, it } from 'vitest';
import { judgeGpu, MIN_GPU_GFLOPS, PROBE_SIZE } from './gpu-check';

const NO_GPU = 'node-gpu loaded but no GPU device is visible to TensorFlow: CUDA/cuDNN mismatch? running on CPU';
/** ms a 1024x1024 matmul takes at `gflops` */
const msAt = (gflops: number): number => (2 * PROBE_SIZE ** 3) / (gflops * 1e6);

describe('judgeGpu', () => {
  it('trusts the device check when TensorFlow lists a GPU', () => {
    expect(judgeGpu({ deviceVisible: true, matmulMs: 1e6 })).toEqual({
      onGpu: true,
      note: 'a CUDA GPU is visible to TensorFlow',
    });
  });

  it('says CPU fallback when the device check finds none', () => {
    expect(judgeGpu({ deviceVisible: false, matmulMs: 0.1 })).toEqual({ onGpu: false, note: NO_GPU });
  });

  it('falls back to matmul speed without a device check', () => {
    expect(judgeGpu({ matmulMs: msAt(5000) })).toEqual({
      onGpu: true,
      note: 'GPU speed (5000 GFLOPS on a 1024x1024 matmul)',
    });
    expect(judgeGpu({ matmulMs: msAt(40) })).toEqual({
      onGpu: false,
      note: `${NO_GPU} (only 40 GFLOPS on a 1024x1024 matmul)`,
    });
    expect(judgeGpu({ matmulMs: msAt(MIN_GPU_GFLOPS) }).onGpu).toBe(true);
    expect(judgeGpu({ matmulMs: msAt(100) }, 50).onGpu).toBe(true);
  });

  it('admits not knowing when there is no usable evidence', () => {
    for (const evidence of [{}, { matmulMs: 0 }, { matmulMs: Number.NaN }]) {
      expect(judgeGpu(evidence)).toEqual({
        onGpu: undefined,
        note: 'node-gpu loaded; could not tell whether TensorFlow sees a GPU',
      });
    }
  });
});
