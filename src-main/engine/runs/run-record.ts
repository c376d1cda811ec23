/**
 * run.json: what a run folder says about its run. Other tools read it (README documents
 * it), and the workbench re-reads it after a restart, so it is validated on the way in.
 */
import { z } from 'zod';
import { BackendName, DatasetSummary, RunId, RunStatus, TrainingConfig } from '../../protocol';

/** Bump when the layout changes incompatibly. */
export const RUN_FORMAT = 1;


export const RunRecord = z.object({
  format: z.literal(RUN_FORMAT),
  id: RunId,
  createdAt: z.string(),
  updatedAt: z.string(),
  status: RunStatus,
  /** why it stopped or failed, in words a user can act on */
  message: z.string().optional(),
  config: TrainingConfig,
  dataset: DatasetSummary,
  backend: BackendName,
  epochsDone: z.number().int().nonnegative(),
  /** validation loss after the last finished epoch */
  valLoss: z.number().nullable(),
  best: z.object({ epoch: z.number().int().positive(), valLoss: z.number() }).nullable(),
  /** the process training it while status is "running"; a dead pid means "interrupted" */
  pid: z.number().int().nonnegative(),
  /** wall-clock seconds spent training and validating */
  seconds: z.number().nonnegative(),
});
export type RunRecord = z.infer<typeof RunRecord>;

/** The status to show: a "running" run whose process is gone was interrupted (crash, kill). */
export function effectiveStatus(record: RunRecord, isAlive: (pid: number) => boolean = processIsAlive): RunStatus {
  return record.status === 'running' && !isAlive(record.pid) ? 'interrupted' : record.status;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive but someone else's
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
