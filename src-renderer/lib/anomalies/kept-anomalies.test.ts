// The views' state is kept per API object, and anomaly events are subscribed to once.
import { describe, expect, it } from 'vitest';
import type { AnomalyProgress, WorkbenchApi } from '../../../src-main/protocol';
import { jobEvents, keptAnomalies, keptReconstructions } from './kept-anomalies.svelte';

function fakeApi() {
  const listeners: Array<(event: AnomalyProgress) => void> = [];
  const api = {
    onAnomalyProgress: (listener: (event: AnomalyProgress) => void) => {
      listeners.push(listener);
      return () => undefined;
    },
  } as unknown as WorkbenchApi;
  return { api, listeners };
}

describe('kept anomaly state', () => {
  it('gives each API one state per view and one event subscription', () => {
    const { api, listeners } = fakeApi();
    const first = keptAnomalies(api);
    expect(keptAnomalies(api)).toBe(first);
    const recon = keptReconstructions(api);
    expect(keptReconstructions(api)).toBe(recon);
    expect(jobEvents(api)).toBe(jobEvents(api));
    expect(listeners).toHaveLength(1);
    // another API (a reconnected transport) starts afresh
    expect(keptAnomalies(fakeApi().api)).not.toBe(first);
  });

  it('makes one scoring per run for the Reconstructions view', () => {
    const { api } = fakeApi();
    const kept = keptReconstructions(api);
    const a = kept.scoringFor('a');
    expect(kept.scoringFor('a')).toBe(a);
    expect(kept.scoringFor('b')).not.toBe(a);
    expect(a.phase).toBe('idle');
  });
});
