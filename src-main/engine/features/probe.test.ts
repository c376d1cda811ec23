// The probe and the unit inspector on a dataset whose latent code separates the classes by
// construction: results pass the contract, the frozen code beats chance clearly, nothing
// leaks, and runs that cannot be probed are refused with a sentence saying why.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload, ProbeProgress, ProbeRequest } from '../../protocol';
import { checkEvent, checkResult, LatentUnitRequest, ProbeRequest as ProbeRequestSchema, WorkbenchError } from '../../protocol';
import { selectBackend } from '../backend';
import type { TrainableModel } from '../models';
import { CodeCache } from './code-cache';
import { inspectLatentUnit } from './latent-unit';
import { Probes } from './probe-job';
import { bandImages, bandModel, FIXTURE_CLASSES, fixtureRun } from './test-fixture';

beforeAll(async () => {
  await selectBackend({ preferred: 'wasm' });
});

function probes(run = fixtureRun(bandModel(), bandImages(300))) {
  const events: ProbeProgress[] = [];
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>): void => {
    // every event must pass the contract, as the host checks it
    const checked = checkEvent({ type: 'event', event, payload });
    if (!checked.ok) throw new Error(checked.error.message);
    events.push(payload as ProbeProgress);
  };
  const instance = new Probes(async () => run, emit, new CodeCache());
  const finished = (id: string): Promise<ProbeProgress> =>
    new Promise((resolve) => {
      const timer = setInterval(() => {
        const end = events.find((e) => e.probeId === id && e.kind === 'finished');
        if (end) {
          clearInterval(timer);
          resolve(end);
        }
      }, 5);
    });
  return { instance, events, finished, run };
}

const request = (fields: Partial<ProbeRequest>): ProbeRequest => ProbeRequestSchema.parse({ runId: '20260101T000000Z-abcd', ...fields });

describe('the linear probe', () => {
  it('trains every method at every budget; the frozen code beats chance clearly and tensors are freed', async () => {
    const { instance, events, finished } = probes();
    const before = tf.memory().numTensors;
    const started = await instance.start(request({ sizes: [9, 60], includeAll: true, heads: ['linear', 'mlp'] }));
    expect(checkResult('startProbe', started).ok).toBe(true);
    expect(started).toMatchObject({ sizes: [9, 60, 240], trainCount: 240, valCount: 60, classes: FIXTURE_CLASSES });
    expect(started.methods).toEqual(['latent-linear', 'latent-mlp', 'pixels-linear', 'pixels-mlp', 'scratch', 'latent-knn']);
    expect(await finished(started.probeId)).toMatchObject({ status: 'completed' });

    const results = events.filter((e) => e.kind === 'result');
    expect(results).toHaveLength(3 * 6);
    for (const r of results) {
      expect(r.confusion.reduce((a, b) => a + b, 0)).toBe(60);
      // the diagonal of the confusion matrix is the accuracy
      const diagonal = [0, 1, 2].reduce((a, c) => a + r.confusion[c * FIXTURE_CLASSES + c]!, 0);
      expect(r.accuracy).toBeCloseTo(diagonal / 60, 6);
    }
    const accuracy = (method: string, size: number) => results.find((r) => r.method === method && r.size === size)!.accuracy;
    // chance is 1/3: with 9 labels (3 per class) the code alone is enough
    expect(accuracy('latent-linear', 9)).toBeGreaterThan(0.8);
    expect(accuracy('latent-linear', 240)).toBeGreaterThan(0.9);
    expect(accuracy('scratch', 240)).toBeGreaterThan(0.5);
    expect(accuracy('latent-knn', 240)).toBeGreaterThan(0.9);
    expect(results.find((r) => r.method === 'latent-knn')!.epochs).toBe(0);
    // encoding first, then training stages counting up to the 18 experiments
    expect(events[0]).toMatchObject({ kind: 'stage', stage: 'encoding', done: 0 });
    const training = events.filter((e) => e.kind === 'stage' && e.stage === 'training');
    const dones = training.map((e) => (e.kind === 'stage' ? e.done : -1));
    expect([...new Set(dones)]).toEqual([...Array(18).keys()]);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('repeats exactly with the same seed, whatever other classifiers run beside', async () => {
    const run = fixtureRun(bandModel(), bandImages(300));
    const accuracies = async (others: boolean) => {
      const { instance, events, finished } = probes(run);
      const { probeId } = await instance.start(request({ sizes: [12], includeAll: false, heads: others ? ['linear', 'mlp'] : ['linear'], scratch: others, knn: others, seed: 3 }));
      await finished(probeId);
      return events.flatMap((e) => (e.kind === 'result' && e.method.endsWith('linear') ? [`${e.method}:${e.accuracy}`] : []));
    };
    const alone = await accuracies(false);
    expect(alone).toHaveLength(2);
    expect(await accuracies(false)).toEqual(alone);
    expect(await accuracies(true)).toEqual(alone);
  });

  it('stops when cancelled, and a new probe cancels the one running', async () => {
    const { instance, finished } = probes();
    const first = await instance.start(request({ sizes: [240], includeAll: false }));
    const second = await instance.start(request({ sizes: [240], includeAll: false }));
    expect(await finished(first.probeId)).toMatchObject({ status: 'cancelled', message: 'Cancelled.' });
    expect(instance.cancel(second.probeId)).toBe(true);
    expect(await finished(second.probeId)).toMatchObject({ status: 'cancelled' });
    expect(instance.cancel(second.probeId)).toBe(false);
  });

  it('refuses a run without labels and a model without an encoder, saying what to pick', async () => {
    const unlabelled = probes(fixtureRun(bandModel(), bandImages(60, false))).instance;
    await expect(unlabelled.start(request({}))).rejects.toThrow(/has no labels, so there is nothing to classify; pick a run trained on labelled data/);
    const gan = { ...bandModel(), kind: 'dcgan', encode: undefined } as unknown as TrainableModel;
    const noEncoder = probes(fixtureRun(gan, bandImages(60))).instance;
    const error = await noEncoder.start(request({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(/dcgan run has no encoder.*pick an autoencoder/) });
  });

  it('asks for at least one budget', () => {
    expect(ProbeRequestSchema.safeParse({ runId: '20260101T000000Z-abcd', sizes: [], includeAll: false }).success).toBe(false);
  });
});

describe('a latent unit', () => {
  it('ranks its images, counts its activations per label and decodes it moved alone', async () => {
    const run = fixtureRun(bandModel(), bandImages(300));
    const unit = await inspectLatentUnit(run, LatentUnitRequest.parse({ runId: '20260101T000000Z-abcd', unit: 1, count: 10, bins: 8 }), new CodeCache());
    expect(checkResult('inspectLatentUnit', unit).ok).toBe(true);
    // unit 1 measures the middle band: its top images are class 1, its bottom ones are not
    expect(Array.from(unit.top).every((i) => i % 3 === 1)).toBe(true);
    expect(Array.from(unit.bottom).every((i) => i % 3 !== 1)).toBe(true);
    expect(unit.topValues[0]).toBeCloseTo(unit.max, 5);
    expect(unit.bottomValues[0]).toBeCloseTo(unit.min, 5);
    expect(unit.labels).toEqual([0, 1, 2]);
    expect(unit.histogram.reduce((a, b) => a + b, 0)).toBe(60);
    // class 1's activations sit in the upper bins, the others' in the lower ones
    const row = (label: number) => Array.from(unit.histogram.subarray(label * 8, label * 8 + 8));
    expect(row(1).slice(0, 4).reduce((a, b) => a + b)).toBe(0);
    expect(row(0).slice(4).reduce((a, b) => a + b)).toBe(0);
    // the decodes brighten the middle band as the unit grows
    expect(unit.sweep).toEqual([-3, -1.5, 0, 1.5, 3]);
    const middle = (n: number) => unit.decodes[n * 64 + 3 * 8 + 4]!;
    expect(middle(4)).toBeGreaterThan(middle(0));
  });

  it('refuses a unit the code does not have', async () => {
    const run = fixtureRun(bandModel(), bandImages(30));
    await expect(inspectLatentUnit(run, LatentUnitRequest.parse({ runId: '20260101T000000Z-abcd', unit: 3 }), new CodeCache())).rejects.toThrow(
      "This run's code has 3 units (0 to 2); unit 3 does not exist.",
    );
  });
});
