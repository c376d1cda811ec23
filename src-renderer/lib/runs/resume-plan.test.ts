import { describe, expect, it } from 'vitest';
import { extraEpochsProblem, MAX_EPOCHS, resumePlan } from './resume-plan';
import { summary } from './test-fixtures';

const planned = (epochs: number) => ({ ...summary().config, epochs });

describe('resumePlan', () => {
  it('resumes stopped, interrupted and failed runs up to their planned epochs', () => {
    for (const status of ['stopped', 'interrupted', 'failed'] as const) {
      expect(resumePlan(summary({ status, checkpointEpoch: 2, config: planned(10) }))).toEqual({ kind: 'resume', from: 2, to: 10 });
    }
  });

  it('continues completed runs, and runs that already reached their planned epochs', () => {
    expect(resumePlan(summary({ status: 'completed', checkpointEpoch: 1, config: planned(1) }))).toEqual({ kind: 'continue', from: 1, maxExtra: MAX_EPOCHS - 1 });
    expect(resumePlan(summary({ status: 'interrupted', checkpointEpoch: 3, config: planned(3) }))).toMatchObject({ kind: 'continue', from: 3 });
  });

  it('says why a run cannot go on', () => {
    expect(resumePlan(summary({ status: 'running' }))).toEqual({ kind: 'none', reason: 'It is training now.' });
    expect(resumePlan(summary({ status: 'stopped', checkpointEpoch: null }))).toMatchObject({ kind: 'none', reason: expect.stringMatching(/no checkpoint/) });
    expect(resumePlan(summary({ checkpointEpoch: MAX_EPOCHS, config: planned(MAX_EPOCHS) }))).toMatchObject({ kind: 'none' });
  });
});

describe('extraEpochsProblem', () => {
  it('wants a whole number within what the run may still train', () => {
    expect(extraEpochsProblem(1, 5)).toBeNull();
    expect(extraEpochsProblem(6, 5)).toBe('Enter a whole number from 1 to 5.');
    expect(extraEpochsProblem(1.5, 5)).toBe('Enter a whole number from 1 to 5.');
    expect(extraEpochsProblem(null, 5)).toBe('Required. Enter a whole number from 1 to 5.');
  });
});
