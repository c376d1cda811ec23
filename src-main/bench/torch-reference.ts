/** Runs the PyTorch reference of ../shared/bench in the same session, for ratios. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface TorchResult {
  model: string;
  epochs: number;
  val_loss: number | null;
  train_samples_per_s: number;
  torch: string;
}

/** The reference's figures, or the reason they could not be had. */
export function runTorchReference(script: string, digitsDir: string, models: string[], epochs: number): TorchResult[] | { unavailable: string } {
  const python = process.env.LATENT_TORCH_PYTHON ?? '/usr/bin/python3';
  if (!existsSync(script)) return { unavailable: `${script} not found (set LATENT_TORCH_REFERENCE)` };
  const run = spawnSync(python, [script, '--digits', digitsDir, '--models', models.join(','), '--epochs', String(epochs), '--threads', '1'], {
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    const why = (run.stderr || run.error?.message || '').trim().split('\n').at(-1);
    return { unavailable: `PyTorch reference failed (${why}); install it with \`apt-get install python3-torch\`` };
  }
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TorchResult);
}
