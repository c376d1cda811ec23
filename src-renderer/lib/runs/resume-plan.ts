/**
 * What a run can do next from the Runs view: resume an unfinished run to its planned epochs,
 * continue a finished one for more, or nothing (and why). Both start from the run's last
 * checkpoint, which the engine writes after every epoch.
 */
import { methods } from '../../../src-main/protocol';
import type { RunSummary } from '../../../src-main/protocol';

/** The most epochs a run may have in total (the contract's bound on resumeTraining). */
export const MAX_EPOCHS = methods.resumeTraining.params.shape.epochs.unwrap().maxValue ?? 1000;

/** A run's way forward. */
export type ResumePlan =
  /** stopped, interrupted or failed before its planned epochs: go on up to them */
  | { kind: 'resume'; from: number; to: number }
  /** trained all its planned epochs: train `extra` more, up to `maxExtra` */
  | { kind: 'continue'; from: number; maxExtra: number }
  | { kind: 'none'; reason: string };

/** How `run` can go on. */
export function resumePlan(run: Pick<RunSummary, 'status' | 'checkpointEpoch' | 'config'>): ResumePlan {
  if (run.status === 'running') return { kind: 'none', reason: 'It is training now.' };
  const from = run.checkpointEpoch;
  if (from === null) return { kind: 'none', reason: 'It ended before its first epoch, so there is no checkpoint to resume from.' };
  if (run.status !== 'completed' && from < run.config.epochs) return { kind: 'resume', from, to: run.config.epochs };
  if (from >= MAX_EPOCHS) return { kind: 'none', reason: `It has trained the most epochs a run may have (${MAX_EPOCHS}).` };
  return { kind: 'continue', from, maxExtra: MAX_EPOCHS - from };
}

/** The message for the extra-epochs field, or null when `extra` is fine. */
export function extraEpochsProblem(extra: number | null, maxExtra: number): string | null {
  const hint = `Enter a whole number from 1 to ${maxExtra}.`;
  if (extra === null || Number.isNaN(extra)) return `Required. ${hint}`;
  return Number.isInteger(extra) && extra >= 1 && extra <= maxExtra ? null : hint;
}
