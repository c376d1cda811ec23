/** The line under the progress bar. */
import { formatCount, formatDuration } from './format';
import type { ProgressSummary, RunPhase } from './training-session.svelte';

/** "Epoch e/E · batch b/B · ETA m:ss · N samples/s", or what the run is doing before that. */
export function progressText(progress: ProgressSummary, phase: RunPhase): string {
  if (progress.batch === 0 && progress.epoch === 0) {
    if (phase === 'idle') return 'Not started';
    if (phase === 'starting' || phase === 'training') return 'Starting…';
    if (phase === 'stopping') return 'Stopping…';
    return 'No batches were trained';
  }
  const parts = [
    `Epoch ${progress.epoch}/${progress.epochs}`,
    `batch ${progress.batch}/${progress.batchesPerEpoch}`,
    `ETA ${progress.etaSec === null ? '—' : formatDuration(progress.etaSec)}`,
    `${progress.samplesPerSec === null ? '—' : formatCount(progress.samplesPerSec)} samples/s`,
  ];
  return parts.join(' · ');
}
