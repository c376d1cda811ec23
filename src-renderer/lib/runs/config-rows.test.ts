import { describe, expect, it } from 'vitest';
import { configRows } from './config-rows';
import { summary } from './test-fixtures';

describe('configRows', () => {
  it('lists the common settings and the denoising of an autoencoder', () => {
    const run = summary();
    const rows = configRows({ ...run, config: { ...run.config, noise: { kind: 'masking', amount: 0.25 }, maxTrainSamples: 5000 } });
    expect(rows).toEqual([
      ['Model', 'Dense autoencoder'],
      ['Dataset', 'mnist-10k'],
      ['Epochs planned', '1'],
      ['Batch size', '128'],
      ['Learning rate', '0.001'],
      ['Latent size', '32'],
      ['Seed', '1'],
      ['Denoising', 'masking p = 0.25'],
      ['Classes', 'all'],
      ['Training images at most', '5,000'],
    ]);
  });

  it('shows β and warm-up for a VAE, and its classes', () => {
    const run = summary({ model: 'vae' });
    const rows = new Map(configRows({ ...run, config: { ...run.config, beta: 2, klWarmupEpochs: 3, classes: [0, 3] } }));
    expect(rows.get('β (KL weight)')).toBe('2');
    expect(rows.get('KL warm-up')).toBe('3 epochs');
    expect(rows.get('Classes')).toBe('0, 3');
    expect(rows.has('Denoising')).toBe(false);
  });
});
