import { describe, expect, it } from 'vitest';
import type { RunQuality } from '../../../src-main/protocol';
import { WorkbenchError } from '../../../src-main/protocol';
import { COMPUTING, loadRunQuality, qualityLine } from './run-quality';

const quality = (fields: Partial<RunQuality> = {}): RunQuality => ({
  runId: '20260101-000000-abcd',
  k: 5,
  accuracy: 0.9134,
  reason: null,
  referenceCount: 10_000,
  valCount: 12_000,
  weights: 'checkpoint best (epoch 7)',
  cached: true,
  seconds: 0,
  ...fields,
});

describe('the run quality line', () => {
  it('shows the accuracy in percent, with what it was measured on in the tooltip', () => {
    const line = qualityLine({ kind: 'done', quality: quality() });
    expect(line).toMatchObject({ text: '91.3 %', state: 'ready' });
    expect(line.title).toMatch(/^Share of the 12,000 validation images whose 5 nearest training codes \(10,000, spread evenly/);
    expect(line.title).toMatch(/checkpoint best \(epoch 7\)\.$/);
  });

  it('shows "computing…" while the engine measures, and "—" with the reason when there is no figure', () => {
    expect(qualityLine(COMPUTING)).toMatchObject({ text: 'computing…', state: 'computing' });
    const none = qualityLine({ kind: 'done', quality: quality({ accuracy: null, reason: 'A dcgan run has no encoder, so it has no latent code to measure.' }) });
    expect(none).toEqual({ text: '—', title: 'A dcgan run has no encoder, so it has no latent code to measure.', state: 'none' });
  });

  it('turns a refusal into "—" with the engine\'s sentence', async () => {
    const refused = await loadRunQuality({ runQuality: () => Promise.reject(new WorkbenchError('not-found', 'Run x has no checkpoint yet: train it for at least one epoch first.')) }, 'x');
    expect(qualityLine(refused)).toEqual({ text: '—', title: 'No figure: Run x has no checkpoint yet: train it for at least one epoch first.', state: 'error' });
    const asked: string[] = [];
    const done = await loadRunQuality({ runQuality: async ({ runId }) => (asked.push(runId), quality({ runId })) }, 'r1');
    expect(asked).toEqual(['r1']);
    expect(done).toEqual({ kind: 'done', quality: quality({ runId: 'r1' }) });
  });
});
