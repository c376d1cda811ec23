import { describe, expect, it } from 'vitest';
import { progressText } from './progress-text';
import type { ProgressSummary } from './training-session.svelte';

const none: ProgressSummary = { epoch: 0, epochs: 0, batch: 0, batchesPerEpoch: 0, step: 0, totalSteps: 0, percent: 0, etaSec: null, samplesPerSec: null };

describe('progressText', () => {
  it('says what happens before the first batch', () => {
    expect(progressText(none, 'idle')).toBe('Not started');
    expect(progressText(none, 'starting')).toBe('Starting…');
  });

  it('reads epoch, batch, ETA and throughput', () => {
    const p = { ...none, epoch: 3, epochs: 10, batch: 12, batchesPerEpoch: 63, etaSec: 95, samplesPerSec: 5812.6 };
    expect(progressText(p, 'training')).toBe('Epoch 3/10 · batch 12/63 · ETA 1:35 · 5,813 samples/s');
  });

  it('says when the run is paused', () => {
    const p = { ...none, epoch: 3, epochs: 10, batch: 12, batchesPerEpoch: 63, etaSec: 95, samplesPerSec: 5812.6 };
    expect(progressText(p, 'paused')).toBe('Paused · Epoch 3/10 · batch 12/63 · ETA 1:35 · 5,813 samples/s');
    expect(progressText(none, 'paused')).toBe('Paused');
  });
});
