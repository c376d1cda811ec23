import { describe, expect, it } from 'vitest';
import { LIMITS, TrainSettings, numberProblem, parseClasses } from './train-settings.svelte';

function ready(): TrainSettings {
  const s = new TrainSettings();
  s.chooseDataset(['mnist-10k']);
  return s;
}

describe('TrainSettings', () => {
  it('starts from the reference settings', () => {
    const s = new TrainSettings();
    s.chooseDataset(['fashion', 'mnist-10k']);
    expect(s.datasetId).toBe('mnist-10k');
    expect(s.valid).toBe(true);
    expect(s.toConfig()).toEqual({ datasetId: 'mnist-10k', model: 'dense-ae', epochs: 10, batchSize: 128, learningRate: 0.001, latentDim: 32 });
  });

  it('is invalid without a dataset', () => {
    const s = new TrainSettings();
    s.chooseDataset([]);
    expect(s.valid).toBe(false);
    expect(s.toConfig()).toBeNull();
  });

  it('keeps a chosen dataset that still exists, replaces one that is gone', () => {
    const s = new TrainSettings();
    s.datasetId = 'fashion';
    s.chooseDataset(['fashion', 'mnist-10k']);
    expect(s.datasetId).toBe('fashion');
    s.chooseDataset(['other']);
    expect(s.datasetId).toBe('other');
  });

  it('explains out-of-range, fractional and empty values using the contract’s bounds', () => {
    const s = ready();
    s.epochs = 0;
    s.batchSize = 12.5;
    s.learningRate = null;
    s.latentDim = 1;
    expect(s.errors.epochs).toBe('Enter a whole number from 1 to 1000.');
    expect(s.errors.batchSize).toBe('Enter a whole number from 1 to 4096.');
    expect(s.errors.learningRate).toBe('Required. Enter a number above 0 and at most 1.');
    expect(s.errors.latentDim).toBe('Enter a whole number from 2 to 256.');
    expect(s.valid).toBe(false);
  });

  it('reads exclusive and inclusive bounds from the schema', () => {
    expect(LIMITS.learningRate).toMatchObject({ min: 0, max: 1, minExclusive: true, integer: false });
    expect(LIMITS.epochs).toMatchObject({ min: 1, max: 1000, minExclusive: false, integer: true });
    expect(LIMITS.noiseAmount).toMatchObject({ min: 0, max: 1, minExclusive: true });
    expect(numberProblem(LIMITS.learningRate, 0)).not.toBeNull();
    expect(numberProblem(LIMITS.learningRate, 1)).toBeNull();
    expect(numberProblem(LIMITS.epochs, Number.NaN)).toMatch(/^Required/);
  });

  it('shows, checks and sends β and KL warm-up for VAEs only', () => {
    const s = ready();
    s.beta = 200;
    expect(s.shows.variational).toBe(false);
    expect(s.errors.beta).toBeNull();
    expect(s.valid).toBe(true);
    s.model = 'vae';
    expect(s.shows).toEqual({ variational: true, denoising: false, imageAdversarial: false });
    expect(s.errors.beta).toBe('Enter a number from 0 to 100.');
    s.beta = 0.5;
    s.klWarmupEpochs = 3;
    expect(s.toConfig()).toMatchObject({ model: 'vae', beta: 0.5, klWarmupEpochs: 3, latentDim: 16 });
    s.model = 'conv-ae';
    expect(s.toConfig()).not.toHaveProperty('beta');
  });

  it('sends denoising for plain autoencoders only, and only when on', () => {
    const s = ready();
    expect(s.toConfig()).not.toHaveProperty('noise');
    s.noise = 'masking';
    s.noiseAmount = 0;
    expect(s.errors.noiseAmount).toBe('Enter a number above 0 and at most 1.');
    s.noiseAmount = 0.25;
    expect(s.toConfig()?.noise).toEqual({ kind: 'masking', amount: 0.25 });
    s.model = 'aae';
    expect(s.toConfig()).not.toHaveProperty('noise');
    expect(s.shows.imageAdversarial).toBe(true);
    s.imageAdversarialWeight = 0.1;
    expect(s.toConfig()).toMatchObject({ model: 'aae', imageAdversarialWeight: 0.1, latentDim: 8 });
  });

  it('suggests the new model’s learning rate and latent size unless the user changed them', () => {
    const s = ready();
    s.model = 'dcgan';
    expect(s.latentDim).toBe(64);
    s.model = 'vae';
    expect(s.learningRate).toBe(1e-3);
    expect(s.latentDim).toBe(16);
    s.learningRate = 5e-3;
    s.latentDim = 2;
    s.model = 'dcgan';
    expect(s.learningRate).toBe(5e-3);
    expect(s.latentDim).toBe(2);
  });

  it('trains on the listed classes, and explains what it cannot read', () => {
    const s = ready();
    s.classesText = ' 0, 3 ';
    expect(s.toConfig()?.classes).toEqual([0, 3]);
    s.classesText = '0,x';
    expect(s.errors.classes).toMatch(/^“x” is not a label\. List labels from 0 to 255/);
    expect(s.valid).toBe(false);
    s.classesText = '';
    expect(s.toConfig()).not.toHaveProperty('classes');
  });

  it('adopts a run’s config, e.g. for a resumed run', () => {
    const s = ready();
    s.adopt({ datasetId: 'mnist-10k', model: 'dense-ae', epochs: 3, batchSize: 64, learningRate: 0.01, seed: 1, beta: 1, klWarmupEpochs: 0, imageAdversarialWeight: 0, noise: { kind: 'gaussian', amount: 0.5 }, classes: [1, 7] });
    expect(s.model).toBe('dense-ae');
    expect(s.latentDim).toBe(32);
    expect(s.toConfig()).toMatchObject({ epochs: 3, batchSize: 64, learningRate: 0.01, noise: { kind: 'gaussian', amount: 0.5 }, classes: [1, 7] });
  });
});

describe('parseClasses', () => {
  it('reads commas and spaces, refuses repeats and labels out of range', () => {
    expect(parseClasses('')).toEqual({ classes: null, problem: null });
    expect(parseClasses('1 2,3')).toEqual({ classes: [1, 2, 3], problem: null });
    expect(parseClasses('1,1').problem).toBe('Label 1 is listed twice.');
    expect(parseClasses('256').problem).toMatch(/^“256” is not a label/);
    expect(parseClasses('-1').problem).toMatch(/^“-1” is not a label/);
    expect(parseClasses('1.5').problem).toMatch(/^“1.5” is not a label/);
  });
});
