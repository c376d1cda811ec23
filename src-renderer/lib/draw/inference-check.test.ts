import { describe, expect, it } from 'vitest';
import type { DrawInference } from './draw-api';
import { inferenceProblem } from './inference-check';

const reply = (): DrawInference => ({
  reconstruction: new Float32Array(784).fill(0.5),
  latent: Float32Array.of(0.1, -2),
  error: 0.2,
  percentile: 40,
  neighbours: [{ index: 3, label: 7, distance: 1.5, pixels: new Float32Array(784) }],
  samples: [new Float32Array(784)],
});

describe('inferenceProblem', () => {
  it('accepts a well-formed reply', () => {
    expect(inferenceProblem(reply())).toBeNull();
  });

  it('names the image of the wrong size or range', () => {
    expect(inferenceProblem({ ...reply(), reconstruction: new Float32Array(100) })).toMatch(/reconstruction has 100 pixels instead of 784/);
    const neighbours = [{ index: 0, label: null, distance: 0, pixels: new Float32Array(784).fill(2) }];
    expect(inferenceProblem({ ...reply(), neighbours })).toMatch(/Neighbour 1 has pixel values outside \[0, 1\]/);
    expect(inferenceProblem({ ...reply(), samples: [new Float32Array(784), new Float32Array(3)] })).toMatch(/Sample 2 has 3 pixels/);
  });

  it('rejects a latent code with NaN', () => {
    expect(inferenceProblem({ ...reply(), latent: Float32Array.of(NaN) })).toMatch(/latent code is not finite/);
  });
});
