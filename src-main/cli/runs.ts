/** `latent runs`: the run folders, newest first. */
import { join } from 'node:path';
import { defaultDataDir } from '../engine/data-dir';
import { effectiveStatus } from '../engine/runs/run-record';
import { RunStore } from '../engine/runs/run-store';

export async function runsCommand(options: { json: boolean; runs?: string | undefined }): Promise<number> {
  const store = new RunStore(options.runs ?? join(defaultDataDir(), 'runs'));
  const { runs, unreadable } = await store.list();
  for (const bad of unreadable) process.stderr.write(`Skipped ${bad.dir}: ${bad.problem}\n`);
  for (const run of runs) {
    const row = {
      runId: run.id,
      model: run.config.model,
      dataset: run.dataset.id,
      status: effectiveStatus(run),
      epochs: run.epochsDone,
      valLoss: run.valLoss,
      bestValLoss: run.best?.valLoss ?? null,
      createdAt: run.createdAt,
      dir: store.dirOf(run.id),
    };
    if (options.json) process.stdout.write(JSON.stringify(row) + '\n');
    else
      process.stdout.write(
        `${row.runId}  ${row.model.padEnd(8)} ${row.dataset.padEnd(10)} ${row.status.padEnd(11)} ${String(row.epochs).padStart(3)} epochs  best val ${row.bestValLoss?.toFixed(4) ?? '—'}\n`,
      );
  }
  if (!options.json && runs.length === 0) process.stdout.write(`No runs in ${store.root} yet.\n`);
  return 0;
}
