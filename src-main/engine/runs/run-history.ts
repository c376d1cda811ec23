/** A run's history from its metrics.jsonl: epochs in full, batch losses thinned. Lines
 * that do not parse (cut short by a crash, or edited by hand) are skipped. */
import { z } from 'zod';
import type { RunHistory } from '../../protocol';

/** At most this many batch points go to a chart; more would not show. */
export const MAX_BATCH_POINTS = 2000;

const BatchLine = z.object({ kind: z.literal('batch'), step: z.number().int().nonnegative(), loss: z.number() });
const EpochLine = z.object({
  kind: z.literal('epoch'),
  epoch: z.number().int().positive(),
  step: z.number().int().nonnegative(),
  trainLoss: z.number(),
  valLoss: z.number(),
  // absent in runs written before metrics were named
  trainMetrics: z.record(z.string(), z.number()).optional(),
  valMetrics: z.record(z.string(), z.number()).optional(),
  seconds: z.number().nonnegative(),
});

export function historyFromLines(lines: readonly object[]): Omit<RunHistory, 'run'> {
  const epochs = new Map<number, RunHistory['epochs'][number]>();
  const batches: Array<[number, number]> = [];
  for (const line of lines) {
    const batch = BatchLine.safeParse(line);
    if (batch.success) {
      batches.push([batch.data.step, batch.data.loss]);
      continue;
    }
    const epoch = EpochLine.safeParse(line);
    if (epoch.success) {
      const e = epoch.data;
      // a resumed run repeats the epochs after its checkpoint: the later line wins
      epochs.set(e.epoch, {
        epoch: e.epoch,
        step: e.step,
        trainLoss: e.trainLoss,
        valLoss: e.valLoss,
        trainMetrics: e.trainMetrics ?? { loss: e.trainLoss },
        valMetrics: e.valMetrics ?? { loss: e.valLoss },
        seconds: e.seconds,
      });
    }
  }
  return { epochs: [...epochs.values()].sort((a, b) => a.epoch - b.epoch), batches: thin(dedupeSteps(batches)) };
}

/** Keeps the last loss logged for each step (a resumed run logs some steps twice). */
function dedupeSteps(batches: Array<[number, number]>): Array<[number, number]> {
  const byStep = new Map<number, number>();
  for (const [step, loss] of batches) byStep.set(step, loss);
  return [...byStep].sort((a, b) => a[0] - b[0]);
}

function thin(points: Array<[number, number]>): Array<[number, number]> {
  if (points.length <= MAX_BATCH_POINTS) return points;
  const every = points.length / MAX_BATCH_POINTS;
  return Array.from({ length: MAX_BATCH_POINTS }, (_, i) => points[Math.floor(i * every)]!);
}
