import { describe, expect, it } from 'vitest';
import { RunHandoff } from './run-handoff';
import { summary } from './test-fixtures';

describe('RunHandoff', () => {
  it('hands a request out once, the latest one', () => {
    const handoff = new RunHandoff();
    expect(handoff.take()).toBeNull();
    const { config } = summary();
    handoff.request({ runId: 'a', epochs: 2, config });
    handoff.request({ runId: 'b', epochs: 3, config });
    expect(handoff.take()).toEqual({ runId: 'b', epochs: 3, config });
    expect(handoff.take()).toBeNull();
  });
});
