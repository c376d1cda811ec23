/** The Runs table's words and order: names, statuses, dates, best losses, and sorting. */
import type { ModelKind, RunStatus, RunSummary } from '../../../src-main/protocol';
import { formatLoss } from '../training/format';
import { MODEL_OPTIONS } from '../training/model-options';

/** What the table can be sorted by. */
export type SortKey = 'date' | 'best';

/** A sort column and direction. */
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

/** Newest first, as listRuns answers. */
export const DEFAULT_ORDER: SortOrder = { key: 'date', descending: true };

/** Each status in words. */
export const STATUS_TEXT: Readonly<Record<RunStatus, string>> = {
  running: 'Running',
  completed: 'Completed',
  stopped: 'Stopped',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

// the Model select's labels without their asides: "Variational autoencoder (loss in nats)" -> "Variational autoencoder"
const MODEL_NAMES: ReadonlyMap<string, string> = new Map(MODEL_OPTIONS.map((o) => [o.value, o.label.replace(/\s*\(.*\)$/, '')]));
const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** "Variational autoencoder". */
export function modelName(model: ModelKind): string {
  return MODEL_NAMES.get(model) ?? model;
}

/** A timestamp as "Nov 27, 2026, 12:15 AM", or as given when it does not parse. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : when.format(date);
}

/** "0.1203 (epoch 3)", or "—" before the first epoch. */
export function bestText(run: Pick<RunSummary, 'best'>): string {
  return run.best ? `${formatLoss(run.best.valLoss)} (epoch ${run.best.epoch})` : '—';
}

/** A run's name in legends and dialogs: "Dense autoencoder 20261127-001512-3f9a". */
export function runLabel(run: Pick<RunSummary, 'model' | 'runId'>): string {
  return `${modelName(run.model)} ${run.runId}`;
}

function compare(a: RunSummary, b: RunSummary, key: SortKey): number {
  if (key === 'date') return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.runId.localeCompare(b.runId);
  return a.best!.valLoss - b.best!.valLoss;
}

/** The runs in `order`; by best loss, runs without one come last either way. */
export function sortRuns(runs: readonly RunSummary[], order: SortOrder): RunSummary[] {
  const sign = order.descending ? -1 : 1;
  const ranked = order.key === 'best' ? runs.filter((r) => r.best !== null) : [...runs];
  const unranked = order.key === 'best' ? runs.filter((r) => r.best === null) : [];
  return [...ranked.sort((a, b) => sign * compare(a, b, order.key)), ...unranked];
}

/** The order after a click on `key`'s header: the same column flips, a new one starts with
 * its most useful end (newest dates, lowest losses). */
export function nextOrder(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key === 'date' };
}
