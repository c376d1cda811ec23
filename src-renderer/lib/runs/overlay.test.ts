import { describe, expect, it } from 'vitest';
import { buildOverlay, runColor } from './overlay';
import { history, summary } from './test-fixtures';

const ae = history(summary({ runId: 'ae', model: 'dense-ae', config: { ...summary().config, epochs: 3 } }), [0.2, 0.15, 0.12]);
const conv = history(summary({ runId: 'conv', model: 'conv-ae' }), [0.18]);
const vae = history(summary({ runId: 'vae', model: 'vae' }), [140, 130]);

describe('buildOverlay', () => {
  it('puts comparable runs on one chart, a line each, coloured in selection order', () => {
    const overlay = buildOverlay([ae, conv]);
    expect(overlay.notes).toEqual([]);
    expect(overlay.groups).toHaveLength(1);
    const [group] = overlay.groups;
    expect(group!.title).toBe('Validation loss — reconstruction BCE per pixel');
    expect(group!.epochs).toBe(3);
    expect(group!.lines.map((l) => [l.id, l.color, l.points.length])).toEqual([
      ['ae', runColor(0), 3],
      ['conv', runColor(1), 1],
    ]);
    expect(Array.from(group!.lines[0]!.points.y)).toEqual([0.2, 0.15, 0.12]);
  });

  it('keeps nats and BCE on separate axes and says why', () => {
    const overlay = buildOverlay([ae, vae]);
    expect(overlay.groups.map((g) => [g.unit, g.lines.map((l) => l.id)])).toEqual([
      ['bce', ['ae']],
      ['nats', ['vae']],
    ]);
    expect(overlay.notes[0]).toMatch(/measure loss differently — reconstruction BCE per pixel \(Dense autoencoder\); negative ELBO, nats per image \(Variational autoencoder\)/);
  });

  it('notes mixed datasets and runs without a finished epoch', () => {
    const other = history(summary({ runId: 'fashion', datasetId: 'fashion-mnist' }), []);
    const overlay = buildOverlay([ae, other]);
    expect(overlay.notes).toEqual([
      'Dense autoencoder fashion has no finished epoch yet, so it has no validation curve.',
      'Runs on different datasets (mnist-10k, fashion-mnist) share the reconstruction BCE per pixel chart; their losses are not directly comparable.',
    ]);
  });
});
