/** Runs the PyTorch reference of ../shared/bench in the same session, for ratios. */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';

export interface TorchResult {
  model: string;
  epochs: number;
  val_loss: number | null;
  train_samples_per_s: number;
  torch: string;
}

const SYSTEM_BLAS = '/usr/lib/x86_64-linux-gnu/libblas.so.3';

/**
 * Debian's python3-torch calls whatever libblas.so.3 points to; with only the reference
 * BLAS installed it runs ~15x slower, which would flatter every ratio. Says so, or null.
 */
export function slowBlasWarning(): string | null {
  if (!existsSync(SYSTEM_BLAS)) return null;
  const target = realpathSync(SYSTEM_BLAS);
  if (/openblas|blis|mkl/i.test(target)) return null;
  return `libblas.so.3 is the slow reference BLAS (${target}); PyTorch figures will be far too low. Install an optimised one: apt-get install libopenblas0-pthread`;
}

/** The reference's figures, or the reason they could not be had. */
export function runTorchReference(
  script: string,
  digitsDir: string,
  models: string[],
  epochs: number,
  timingOnly: boolean,
): TorchResult[] | { unavailable: string } {
  const python = process.env.LATENT_TORCH_PYTHON ?? '/usr/bin/python3';
  if (!existsSync(script)) return { unavailable: `${script} not found (set LATENT_TORCH_REFERENCE)` };
  const args = [script, '--digits', digitsDir, '--models', models.join(','), '--epochs', String(epochs), '--threads', '1'];
  const run = spawnSync(python, timingOnly ? [...args, '--timing-only'] : args, {
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
