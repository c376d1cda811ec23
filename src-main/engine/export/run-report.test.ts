// The run report: one HTML file that stands alone (no script, nothing fetched) and shows the
// run's settings, curves, last metrics and pictures.
import { beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { selectBackend } from '../backend';
import { blobSet, trainedRun } from './export-fixture';
import { curveSvg, reportFigures, reportHtml } from './run-report';

const dataset = blobSet(60);
const epochs = [1, 2, 3].map((epoch) => ({
  epoch,
  step: epoch * 10,
  trainLoss: 0.5 / epoch,
  valLoss: 0.6 / epoch,
  trainMetrics: { loss: 0.5 / epoch, recon: 0.4 / epoch },
  valMetrics: { loss: 0.6 / epoch, recon: 0.45 / epoch },
  seconds: epoch,
}));

beforeAll(async () => {
  expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
});

describe('run report', () => {
  it('an autoencoder: settings, a curve per metric, the last epoch, originals over reconstructions', async () => {
    const { handle, record } = await trainedRun('vae', dataset);
    const figures = await reportFigures(handle);
    handle.model.dispose();
    // a VAE reconstructs and generates: two pictures
    expect(figures.map((f) => f.caption)).toEqual([expect.stringMatching(/reconstructions/), expect.stringMatching(/prior/)]);
    const grid = PNG.sync.read(figures[0]!.png);
    // 12 validation images in one row over their reconstructions, 2 px apart
    expect([grid.width, grid.height]).toEqual([12 * 28 + 11 * 2, 2 * 28 + 2]);
    const html = reportHtml(record, epochs, figures, handle.weights);
    expect(html).toContain('<title>Run 20260101T000000Z-vae: variational autoencoder (dense) on Blobs</title>');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('aria-label="recon"');
    expect(html.match(/src="data:image\/png;base64,/g)).toHaveLength(2);
    // the last epoch's table: loss 0.6 / 3 = 0.2000 on validation
    expect(html).toContain('<tr><th>loss</th><td>0.1667</td><td>0.2000</td></tr>');
    // self-contained: no script, no remote reference
    expect(html).not.toMatch(/<script|https?:\/\/|src="(?!data:)/);
  });

  it('without a checkpoint: curves and settings, and it says why there are no pictures', async () => {
    const { handle, record } = await trainedRun('dense-ae', dataset);
    handle.model.dispose();
    const html = reportHtml({ ...record, config: { ...record.config, model: 'dense-ae' } }, [], [], null);
    expect(html).toContain('No pictures: the run has no checkpoint yet.');
    expect(html).toContain('No epoch has finished yet.');
  });

  it('a curve puts later, lower losses lower on the chart', () => {
    const svg = curveSvg('loss', epochs, 'loss');
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)" r="2.5" fill="#c2410c"/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(3);
    // SVG y grows downwards
    expect(ys[0]).toBeLessThan(ys[1]!);
    expect(ys[1]).toBeLessThan(ys[2]!);
  });
});
