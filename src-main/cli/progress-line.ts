/** The terminal's view of a run: one rewritten status line on a TTY, a line per epoch elsewhere. */
import type { TrainingProgress } from '../protocol';

const BAR = 24;

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Metrics besides the loss (a VAE's recon and KL), e.g. " (recon 98.1, kl 25.3)". */
function otherMetrics(metrics: Record<string, number>): string {
  const parts = Object.entries(metrics)
    .filter(([name]) => name !== 'loss')
    .map(([name, value]) => `${name} ${value.toFixed(Math.abs(value) >= 10 ? 1 : 4)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The text for one event, or null when the event has nothing to say on a terminal. */
export function progressText(event: TrainingProgress): string | null {
  switch (event.kind) {
    case 'started': {
      const resumed = event.startEpoch > 0 ? `, resuming after epoch ${event.startEpoch}` : '';
      return `Training ${event.config.model} on ${event.config.datasetId} (${event.trainCount} train / ${event.valCount} validation) with ${event.backend}, run ${event.runId}${resumed}`;
    }
    case 'batch': {
      const done = (event.step / (event.batchesPerEpoch * event.epochs)) * BAR;
      const bar = '#'.repeat(Math.round(done)).padEnd(BAR, '.');
      return `[${bar}] epoch ${event.epoch}/${event.epochs} batch ${event.batch}/${event.batchesPerEpoch} loss ${event.loss.toFixed(4)} ${Math.round(event.samplesPerSec)} samples/s ETA ${clock(event.etaSec)}`;
    }
    case 'epoch':
      return `epoch ${event.epoch}/${event.epochs}: train loss ${event.trainLoss.toFixed(4)}, validation loss ${event.valLoss.toFixed(4)}${otherMetrics(event.valMetrics)} (${event.seconds.toFixed(1)} s)`;
    case 'paused':
      return event.paused ? 'paused' : 'resumed';
    case 'finished':
      return `${event.status}${event.message ? `: ${event.message}` : ''}`;
    case 'reconstructions':
    case 'samples':
      return null;
  }
}

/** Writes progress to a stream, rewriting batch lines in place on a TTY. */
export function terminalProgress(stream: NodeJS.WriteStream): (event: TrainingProgress) => void {
  let open = false;
  return (event) => {
    const text = progressText(event);
    if (text === null) return;
    if (event.kind === 'batch') {
      if (!stream.isTTY) return;
      stream.write(`\r${text.slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
      open = true;
      return;
    }
    stream.write(`${open ? '\r\x1b[K' : ''}${text}\n`);
    open = false;
  };
}

/** A progress event as a JSON line: image arrays are left out, their size is kept. */
export function progressJson(event: TrainingProgress): string {
  if (event.kind === 'reconstructions') {
    const { originals: _o, reconstructions: _r, ...rest } = event;
    return JSON.stringify({ type: 'progress', ...rest });
  }
  if (event.kind === 'samples') {
    const { images: _i, ...rest } = event;
    return JSON.stringify({ type: 'progress', ...rest });
  }
  return JSON.stringify({ type: 'progress', ...event });
}
