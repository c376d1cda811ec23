import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkResult, UnitSynthesisRequest } from '../../protocol';
import { selectBackend } from '../backend';
import { createModel } from '../models';
import { bandImages, bandModel, fixtureRun } from './test-fixture';
import { snapshotSteps, synthesizeUnitInput } from './unit-synthesis';

beforeAll(async () => {
  await selectBackend({ preferred: 'wasm' });
});

const request = (fields: Record<string, unknown>) => UnitSynthesisRequest.parse({ runId: '20260101T000000Z-abcd', ...fields });

describe('snapshotSteps', () => {
  it('takes the start, the end and geometrically spaced steps between, without repeats', () => {
    expect(snapshotSteps(100, 5)).toEqual([0, 3, 10, 32, 100]);
    expect(snapshotSteps(3, 8)).toEqual([0, 1, 2, 3]);
  });
});

describe('synthesizeUnitInput', () => {
  it('raises the unit by brightening the band it measures, leaving the others dark', async () => {
    const run = fixtureRun(bandModel(), bandImages(30));
    const before = tf.memory().numTensors;
    const result = await synthesizeUnitInput(run, request({ unit: 2, steps: 60, frames: 4, blurEvery: 0 }));
    expect(checkResult('synthesizeUnitInput', result).ok).toBe(true);
    expect(result.steps).toEqual([0, 4, 15, 60]);
    expect(result.activations[3]).toBeGreaterThan(result.activations[0]! + 0.3);
    // the last snapshot: the bottom band (rows 6-7) is bright, the top band (rows 0-1) dark
    const last = result.images.subarray(3 * 64, 4 * 64);
    const mean = (rows: number[]) => rows.flatMap((r) => Array.from(last.subarray(r * 8, r * 8 + 8))).reduce((a, b) => a + b) / (rows.length * 8);
    expect(mean([6, 7])).toBeGreaterThan(240);
    expect(mean([0, 1])).toBeLessThan(mean([6, 7]) - 100);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ascends through a real (layers) encoder with the blur on', async () => {
    // a VAE's mean code is linear, so the ascent has a gradient from the first step
    const model = createModel('vae', { width: 8, height: 8, channels: 1, latentDim: 4, learningRate: 0.001, seed: 1, beta: 1, klWarmupEpochs: 0, noise: undefined, imageAdversarialWeight: 0 });
    try {
      const result = await synthesizeUnitInput(fixtureRun(model, bandImages(30)), request({ unit: 1, steps: 40, start: 'blank', blurEvery: 5 }));
      expect(result.activations[result.activations.length - 1]).toBeGreaterThan(result.activations[0]!);
    } finally {
      model.dispose();
    }
  });

  it('refuses a unit the code does not have', async () => {
    await expect(synthesizeUnitInput(fixtureRun(bandModel(), bandImages(30)), request({ unit: 5 }))).rejects.toThrow("This run's code has 3 units (0 to 2); unit 5 does not exist.");
  });
});
