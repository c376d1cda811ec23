import { describe, expect, it } from 'vitest';
import { ModelKind } from '../../../src-main/protocol';
import { MODEL_DEFAULTS, takes } from './model-settings';

describe('model settings', () => {
  it('names every model of the contract', () => {
    expect(Object.keys(MODEL_DEFAULTS).sort()).toEqual([...ModelKind.options].sort());
  });

  it('offers β and warm-up to VAEs, denoising to plain AEs, image-adversarial weight to the AAE', () => {
    const having = (s: Parameters<typeof takes>[1]) => ModelKind.options.filter((m) => takes(m, s));
    expect(having('variational')).toEqual(['vae', 'conv-vae']);
    expect(having('denoising')).toEqual(['dense-ae', 'conv-ae']);
    expect(having('imageAdversarial')).toEqual(['aae']);
  });

  it('suggests the reference latent sizes and learning rates', () => {
    expect(MODEL_DEFAULTS.dcgan).toMatchObject({ latentDim: 64, learningRate: 1e-3 });
    expect(MODEL_DEFAULTS['dense-ae']).toMatchObject({ latentDim: 32, learningRate: 1e-3 });
    expect(MODEL_DEFAULTS.vae.latentDim).toBe(16);
  });
});
