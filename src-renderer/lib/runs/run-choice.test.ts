import { describe, expect, it } from 'vitest';
import { keptRunChoice } from './run-choice';

const runs = (...ids: string[]) => ids.map((runId) => ({ runId }));

describe('keptRunChoice', () => {
  it('keeps the chosen run while it is still offered, wherever it is in the list', () => {
    expect(keptRunChoice(runs('a', 'b', 'c'), 'c')).toBe('c');
  });

  it('falls back to the first run offered when the chosen one is gone or none was chosen', () => {
    expect(keptRunChoice(runs('a', 'b'), 'deleted')).toBe('a');
    expect(keptRunChoice(runs('a', 'b'), '')).toBe('a');
  });

  it('chooses nothing when no run is offered', () => {
    expect(keptRunChoice([], 'a')).toBe('');
  });
});
