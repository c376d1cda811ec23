/**
 * What a run's metrics mean and how they are charted: the headline `loss` on the loss chart,
 * the others grouped into compact panels (both players' losses together, accuracies on their
 * own [0, 1] axis, each remaining metric alone). Driven by the metric names a run reports, so
 * a model family with new metrics still gets charts.
 */
import { schemeTableau10 } from 'd3';
import type { ModelKind } from '../../../src-main/protocol';
import type { ChartLine } from '../charts/line-chart-layout';
import { seriesOf } from '../charts/series';
import type { SeriesView } from '../charts/series';

/** How a model's headline loss is measured; runs compare only within one unit. */
export type LossUnit = 'nats' | 'bce' | 'gan';

/** The unit of `model`'s `loss`. */
export function lossUnit(model: ModelKind): LossUnit {
  if (model === 'vae' || model === 'conv-vae') return 'nats';
  return model === 'dcgan' ? 'gan' : 'bce';
}

/** Each unit in words. */
export const LOSS_UNIT_TEXT: Readonly<Record<LossUnit, string>> = {
  nats: 'negative ELBO, nats per image',
  bce: 'reconstruction BCE per pixel',
  gan: 'discriminator loss',
};

/** Title of the headline loss chart, e.g. "Loss — negative ELBO, nats per image". */
export function lossTitle(model: ModelKind | null): string {
  return model === null ? 'Loss' : `Loss — ${LOSS_UNIT_TEXT[lossUnit(model)]}`;
}

const LABELS: Readonly<Record<string, string>> = {
  recon: 'Reconstruction (nats)',
  kl: 'KL divergence (nats)',
  gLoss: 'Generator',
  dLoss: 'Latent discriminator',
  imgDLoss: 'Image discriminator',
  dAccReal: 'On real',
  dAccFake: 'On fake',
  priorGap: 'Prior gap',
};

/** A metric's name for people; DCGAN's `loss` is its discriminator's. */
export function metricLabel(model: ModelKind | null, name: string): string {
  if (name === 'loss') return model === 'dcgan' ? 'Discriminator' : 'Loss';
  return LABELS[name] ?? name;
}

/** One compact chart of related metrics. */
export interface MetricPanel {
  id: string;
  title: string;
  /** metric names, one colour each */
  metrics: readonly string[];
  /** a fixed y range, [0, 1] for accuracies; null fits the data */
  yDomain: readonly [number, number] | null;
}

const isAccuracy = (name: string): boolean => /acc/i.test(name);
const isPlayerLoss = (name: string): boolean => /Loss$/.test(name);

/** The panels for a run's metrics, beside its loss chart; none for a loss-only model. */
export function metricPanels(model: ModelKind | null, names: readonly string[]): MetricPanel[] {
  const rest = names.filter((n) => n !== 'loss');
  const players = rest.filter(isPlayerLoss);
  const accuracies = rest.filter(isAccuracy);
  const panels: MetricPanel[] = [];
  if (players.length) {
    // DCGAN's headline loss is one of the two players: show both together
    const metrics = model === 'dcgan' && names.includes('loss') ? ['loss', ...players] : players;
    panels.push({ id: 'players', title: 'Players’ losses', metrics, yDomain: null });
  }
  if (accuracies.length) panels.push({ id: 'accuracy', title: 'Discriminator accuracy', metrics: accuracies, yDomain: [0, 1] });
  for (const name of rest) {
    if (!players.includes(name) && !accuracies.includes(name)) panels.push({ id: name, title: metricLabel(model, name), metrics: [name], yDomain: null });
  }
  return panels;
}

/** One epoch's metrics, as a live epoch event and a run's history both have them. */
export interface EpochMetrics {
  epoch: number;
  trainMetrics: Readonly<Record<string, number>>;
  valMetrics: Readonly<Record<string, number>>;
}

/** Where a panel's values come from. */
export interface MetricSource {
  /** per-batch training values of a metric (live runs); null where only epoch means exist */
  batch: (name: string) => SeriesView | null;
  epochs: readonly EpochMetrics[];
}

/** A panel's colour per metric, in order. */
export const METRIC_COLORS: readonly string[] = schemeTableau10;

function perEpoch(epochs: readonly EpochMetrics[], name: string, side: 'trainMetrics' | 'valMetrics'): SeriesView {
  return seriesOf(epochs.flatMap((e) => (name in e[side] ? [{ x: e.epoch, y: e[side][name]! }] : [])));
}

/** The panel's lines: per metric, training (per batch, else epoch means) and validation. */
export function panelLines(model: ModelKind | null, panel: MetricPanel, source: MetricSource): ChartLine[] {
  return panel.metrics.flatMap((name, i): ChartLine[] => {
    const color = METRIC_COLORS[i % METRIC_COLORS.length]!;
    const label = metricLabel(model, name);
    const batch = source.batch(name);
    return [
      { id: `${name}:train`, label, color, style: batch ? 'batch' : 'epoch', points: batch ?? perEpoch(source.epochs, name, 'trainMetrics') },
      { id: `${name}:val`, label, color, style: 'validation', points: perEpoch(source.epochs, name, 'valMetrics') },
    ];
  });
}
