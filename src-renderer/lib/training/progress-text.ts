/** The line under the progress bar. */
import { formatCount, formatDuration } from './format';
import type { ProgressSummary, ViewState } from './training-session.svelte';

/** "Epoch e/E · batch b/B · ETA m:ss · N samples/s" ("Paused · …" while held), or what the
 * run is doing before its first batch. */
export function progressText(progress: ProgressSummary, state: ViewState): string {
  if (progress.batch === 0 && progress.epoch === 0) {
    if (state === 'idle') return 'Not started';
    if (state === 'starting' || state === 'training') return 'Starting…';
    if (state === 'paused') return 'Paused';
    if (state === 'stopping') return 'Stopping…';
    return 'No batches were trained';
  }
  const parts = [
    `Epoch ${progress.epoch}/${progress.epochs}`,
    `batch ${progress.batch}/${progress.batchesPerEpoch}`,
    `ETA ${progress.etaSec === null ? '—' : formatDuration(progress.etaSec)}`,
    `${progress.samplesPerSec === null ? '—' : formatCount(progress.samplesPerSec)} samples/s`,
  ];
  return (state === 'paused' ? ['Paused', ...parts] : parts).join(' · ');
}
