/**
 * The Runs view's comparison: validation loss per epoch of several runs, one line each. Only
 * runs whose losses share a unit share an axis (a VAE's nats per image are not an
 * autoencoder's BCE per pixel), so the lines are grouped by unit, one chart per group, and
 * the user is told why.
 */
import { schemeTableau10 } from 'd3';
import type { RunHistory } from '../../../src-main/protocol';
import type { ChartLine } from '../charts/line-chart-layout';
import { seriesOf } from '../charts/series';
import { LOSS_UNIT_TEXT, lossUnit } from '../training/metrics';
import type { LossUnit } from '../training/metrics';
import { modelName, runLabel } from './runs-table';

/** One chart of the comparison: runs whose losses share `unit`. */
export interface OverlayGroup {
  unit: LossUnit;
  /** e.g. "Validation loss — negative ELBO, nats per image" */
  title: string;
  lines: ChartLine[];
  /** the longest run's epochs, for the x axis */
  epochs: number;
}

/** The comparison of the selected runs. */
export interface Overlay {
  groups: OverlayGroup[];
  /** what the user should know before reading the charts */
  notes: string[];
}

/** Colour of the i-th selected run. */
export function runColor(index: number): string {
  return schemeTableau10[index % schemeTableau10.length]!;
}

/** Builds the comparison of `histories`, in selection order (which fixes each run's colour). */
export function buildOverlay(histories: readonly RunHistory[]): Overlay {
  const groups = new Map<LossUnit, OverlayGroup>();
  const datasets = new Map<LossUnit, Set<string>>();
  const notes: string[] = [];
  histories.forEach(({ run, epochs }, index) => {
    const unit = lossUnit(run.model);
    let group = groups.get(unit);
    if (!group) {
      group = { unit, title: `Validation loss — ${LOSS_UNIT_TEXT[unit]}`, lines: [], epochs: 1 };
      groups.set(unit, group);
      datasets.set(unit, new Set());
    }
    datasets.get(unit)!.add(run.datasetId);
    group.epochs = Math.max(group.epochs, run.config.epochs, run.epochsDone);
    group.lines.push({
      id: run.runId,
      label: runLabel(run),
      color: runColor(index),
      style: 'validation',
      points: seriesOf(epochs.map((e) => ({ x: e.epoch, y: e.valLoss }))),
    });
    if (epochs.length === 0) notes.push(`${runLabel(run)} has no finished epoch yet, so it has no validation curve.`);
  });
  if (groups.size > 1) {
    const kinds = [...groups.values()].map((g) => {
      const models = [...new Set(histories.filter((h) => lossUnit(h.run.model) === g.unit).map((h) => modelName(h.run.model)))];
      return `${LOSS_UNIT_TEXT[g.unit]} (${models.join(', ')})`;
    });
    notes.unshift(`These runs measure loss differently — ${kinds.join('; ')} — so each kind has its own chart; compare curves only within one.`);
  }
  for (const [unit, ids] of datasets) {
    if (ids.size > 1) notes.push(`Runs on different datasets (${[...ids].join(', ')}) share the ${LOSS_UNIT_TEXT[unit]} chart; their losses are not directly comparable.`);
  }
  return { groups: [...groups.values()], notes };
}
