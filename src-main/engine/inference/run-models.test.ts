import { describe, expect, it } from 'vitest';
import type { DatasetRegistry } from '../data/registry';
import type { ImageSet } from '../data/image-set';
import type { TrainableModel } from '../models';
import type { RunStore } from '../runs/run-store';
import { RunModels } from './run-models';

// the live path touches neither the run store nor the datasets
const models = (): RunModels => new RunModels({} as RunStore, {} as DatasetRegistry);
const model = {} as TrainableModel;
const dataset = {} as ImageSet;

describe('RunModels, while a run trains', () => {
  it('answers with the live model, at most 20 times a second', async () => {
    const runs = models();
    runs.setLive('r', model, dataset, 1);
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      const run = await runs.get('r');
      expect(run.model).toBe(model);
      expect(run.weights).toBe('live weights after epoch 1');
      times.push(performance.now());
    }
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45);
  });

  it('keeps a recent lens across epochs (a dataset pass per epoch would slow training), but names the newer weights', async () => {
    const runs = models();
    runs.setLive('r', model, dataset, 1);
    const first = await runs.get('r');
    runs.setLive('r', model, dataset, 2);
    const second = await runs.get('r');
    expect(second.lens).toBe(first.lens);
    expect(second.weights).toBe('live weights after epoch 2');
  });
});
