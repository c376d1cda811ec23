import { describe, expect, it } from 'vitest';
import { EMPTY_SERIES, SeriesBuffer } from '../charts/series';
import { lossTitle, lossUnit, metricLabel, metricPanels, panelLines } from './metrics';
import type { EpochMetrics } from './metrics';

describe('metricPanels', () => {
  it('gives a VAE a panel for reconstruction and one for KL', () => {
    const panels = metricPanels('vae', ['loss', 'recon', 'kl']);
    expect(panels.map((p) => [p.title, p.metrics])).toEqual([
      ['Reconstruction (nats)', ['recon']],
      ['KL divergence (nats)', ['kl']],
    ]);
  });

  it('shows both DCGAN players together and accuracies on [0, 1]', () => {
    const panels = metricPanels('dcgan', ['loss', 'gLoss', 'dAccReal', 'dAccFake']);
    expect(panels).toEqual([
      { id: 'players', title: 'Players’ losses', metrics: ['loss', 'gLoss'], yDomain: null },
      { id: 'accuracy', title: 'Discriminator accuracy', metrics: ['dAccReal', 'dAccFake'], yDomain: [0, 1] },
    ]);
    expect(metricLabel('dcgan', 'loss')).toBe('Discriminator');
  });

  it('gives the AAE its adversarial losses, accuracies and prior gap', () => {
    const panels = metricPanels('aae', ['loss', 'dLoss', 'gLoss', 'dAccReal', 'dAccFake', 'priorGap', 'imgDLoss']);
    expect(panels.map((p) => p.metrics)).toEqual([['dLoss', 'gLoss', 'imgDLoss'], ['dAccReal', 'dAccFake'], ['priorGap']]);
  });

  it('has nothing beside the loss chart for a plain autoencoder, and copes with unknown metrics', () => {
    expect(metricPanels('dense-ae', ['loss'])).toEqual([]);
    expect(metricPanels(null, ['loss', 'sharpness'])).toEqual([{ id: 'sharpness', title: 'sharpness', metrics: ['sharpness'], yDomain: null }]);
  });
});

describe('panelLines', () => {
  const epochs: EpochMetrics[] = [
    { epoch: 1, trainMetrics: { loss: 2, gLoss: 1.5 }, valMetrics: { loss: 2.1, gLoss: 1.4 } },
    { epoch: 2, trainMetrics: { loss: 1.8, gLoss: 1.2 }, valMetrics: { loss: 1.9 } },
  ];
  const panel = metricPanels('dcgan', ['loss', 'gLoss'])[0]!;

  it('uses per-batch values where the run streamed them, epoch means otherwise', () => {
    const live = new SeriesBuffer().append(0.5, 1.6);
    const lines = panelLines('dcgan', panel, { batch: (name) => (name === 'gLoss' ? live : null), epochs });
    expect(lines.map((l) => [l.id, l.style, l.points.length])).toEqual([
      ['loss:train', 'epoch', 2],
      ['loss:val', 'validation', 2],
      ['gLoss:train', 'batch', 1],
      ['gLoss:val', 'validation', 1],
    ]);
    expect(lines[0]!.color).toBe(lines[1]!.color);
    expect(lines[0]!.color).not.toBe(lines[2]!.color);
    expect(lines[2]!.label).toBe('Generator');
  });

  it('draws nothing for a metric no epoch reported yet', () => {
    const lines = panelLines('vae', { id: 'kl', title: 'KL', metrics: ['kl'], yDomain: null }, { batch: () => null, epochs: [] });
    expect(lines.every((l) => l.points === EMPTY_SERIES)).toBe(true);
  });
});

describe('loss units', () => {
  it('tells nats, BCE and GAN losses apart', () => {
    expect([lossUnit('vae'), lossUnit('conv-vae'), lossUnit('dense-ae'), lossUnit('aae'), lossUnit('dcgan')]).toEqual(['nats', 'nats', 'bce', 'bce', 'gan']);
    expect(lossTitle('vae')).toBe('Loss — negative ELBO, nats per image');
    expect(lossTitle(null)).toBe('Loss');
  });
});
