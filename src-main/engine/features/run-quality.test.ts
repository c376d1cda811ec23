// The Runs view's quality figure on a dataset whose code separates the classes by
// construction: a high 5-NN accuracy that passes the contract, kept per run and weights in
// the run folder, and "no figure, because ..." for runs that cannot have one.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkResult } from '../../protocol';
import { selectBackend } from '../backend';
import type { RunModel } from '../inference/run-models';
import type { TrainableModel } from '../models';
import { CodeCache } from './code-cache';
import { QUALITY_FILE, RunQualities, spread } from './run-quality';
import { bandImages, bandModel, fixtureRun } from './test-fixture';

beforeAll(async () => {
  await selectBackend({ preferred: 'wasm' });
});

const RUN_ID = '20260101T000000Z-abcd';

function qualities(run: RunModel, options: { training?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'latent-quality-'));
  let loads = 0;
  const source = {
    loadModel: async () => {
      loads++;
      return run;
    },
    runDir: () => dir,
    isTraining: () => options.training ?? false,
  };
  return { instance: new RunQualities(source, new CodeCache()), dir, loads: () => loads };
}

describe('run quality (5-NN accuracy in latent space)', () => {
  it('is high when the code separates the classes, passes the contract and frees its tensors', async () => {
    const { instance, dir } = qualities(fixtureRun(bandModel(), bandImages(300)));
    const before = tf.memory().numTensors;
    const quality = await instance.get(RUN_ID);
    expect(checkResult('runQuality', quality).ok).toBe(true);
    expect(quality).toMatchObject({ runId: RUN_ID, k: 5, reason: null, referenceCount: 240, valCount: 60, weights: 'fixture', cached: false });
    // chance is 1/3
    expect(quality.accuracy).toBeGreaterThan(0.9);
    expect(tf.memory().numTensors).toBe(before);
    expect(readdirSync(dir)).toEqual([QUALITY_FILE]);
  });

  it('is low when the code carries no class information', async () => {
    // an "encoder" that reads three pixels of row 2, outside every band, cannot tell classes apart
    const blind = { ...bandModel(), encode: (x: tf.Tensor2D) => tf.tidy(() => x.slice([0, 16], [-1, 3])) } as unknown as TrainableModel;
    const { instance } = qualities(fixtureRun(blind, bandImages(300)));
    expect((await instance.get(RUN_ID)).accuracy).toBeLessThan(0.6);
  });

  it('is read back from the run folder for the same weights, and measured again for new ones', async () => {
    const run = fixtureRun(bandModel(), bandImages(300));
    const { instance, dir } = qualities(run);
    const first = await instance.get(RUN_ID);
    // a planted figure proves the second answer comes from the file, not a new measurement
    const file = join(dir, QUALITY_FILE);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), accuracy: 0.5 }));
    expect(await instance.get(RUN_ID)).toMatchObject({ accuracy: 0.5, cached: true, referenceCount: 240, valCount: 60 });
    run.weights = 'checkpoint best (epoch 2)';
    const again = await instance.get(RUN_ID);
    expect(again).toMatchObject({ accuracy: first.accuracy, cached: false, weights: 'checkpoint best (epoch 2)' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ weights: 'checkpoint best (epoch 2)', accuracy: first.accuracy });
    // a damaged file is measured again, not trusted
    writeFileSync(file, '{"version":1,');
    expect(await instance.get(RUN_ID)).toMatchObject({ accuracy: first.accuracy, cached: false });
  });

  it('keeps nothing on disk for live weights, and answers two asks with one measurement', async () => {
    const { instance, dir, loads } = qualities(fixtureRun(bandModel(), bandImages(300)), { training: true });
    const [a, b] = await Promise.all([instance.get(RUN_ID), instance.get(RUN_ID)]);
    expect(a).toBe(b);
    expect(loads()).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['a GAN (no encoder)', () => fixtureRun({ ...bandModel(), kind: 'dcgan', encode: undefined } as unknown as TrainableModel, bandImages(90)), /A dcgan run has no encoder/],
    ['unlabelled data', () => fixtureRun(bandModel(), bandImages(90, false)), /bands has no labels/],
  ])('gives no figure for %s, with the reason', async (_name, make, reason) => {
    const { instance, dir } = qualities(make());
    const quality = await instance.get(RUN_ID);
    expect(checkResult('runQuality', quality).ok).toBe(true);
    expect(quality.accuracy).toBeNull();
    expect(quality.reason).toMatch(reason);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('spreads a capped reference evenly over the split', () => {
    expect([...spread(10, 4)]).toEqual([0, 2, 5, 7]);
    expect([...spread(3, 10)]).toEqual([0, 1, 2]);
    expect(spread(60_000, 10_000)).toHaveLength(10_000);
    expect(spread(60_000, 10_000)[9_999]).toBe(59_994);
  });
});
