import { describe, expect, it } from 'vitest';
import { createDetailPacer } from './detail-pacer';

/** A manual clock: timers fire when the test advances time past them. */
function fakeClock() {
  let t = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    clock: {
      now: () => t,
      setTimer: (callback: () => void, ms: number) => {
        timers.set(nextId, { at: t + ms, callback });
        return nextId++;
      },
      clearTimer: (handle: unknown) => void timers.delete(handle as number),
    },
    advance(ms: number): void {
      t += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= t) {
          timers.delete(id);
          timer.callback();
        }
      }
    },
    pending: () => timers.size,
  };
}

describe('createDetailPacer', () => {
  it('lets the first request carry the details, then at most one per interval', () => {
    const { clock, advance } = fakeClock();
    const pacer = createDetailPacer(100, clock);
    const seen: boolean[] = [];
    for (let i = 0; i < 10; i++) {
      seen.push(pacer.due());
      advance(25);
    }
    // at 0, 100 and 200 ms
    expect(seen).toEqual([true, false, false, false, true, false, false, false, true, false]);
  });

  it('a forced request carries the details and restarts the interval', () => {
    const { clock, advance } = fakeClock();
    const pacer = createDetailPacer(100, clock);
    expect(pacer.due()).toBe(true);
    advance(10);
    expect(pacer.due(true)).toBe(true);
    advance(95);
    expect(pacer.due()).toBe(false);
    advance(5);
    expect(pacer.due()).toBe(true);
  });

  it('refreshes only once the replies have stopped for an interval', () => {
    const { clock, advance, pending } = fakeClock();
    const pacer = createDetailPacer(100, clock);
    const calls: number[] = [];
    // replies every 30 ms while the pen moves: no refresh
    for (let i = 0; i < 10; i++) {
      pacer.rest(() => calls.push(i));
      advance(30);
    }
    expect(calls).toEqual([]);
    expect(pending()).toBe(1);
    advance(70);
    expect(calls).toEqual([9]);
    expect(pending()).toBe(0);
  });

  it('never refreshes after cancel', () => {
    const { clock, advance } = fakeClock();
    const pacer = createDetailPacer(100, clock);
    const calls: number[] = [];
    pacer.rest(() => calls.push(1));
    pacer.cancel();
    advance(1000);
    expect(calls).toEqual([]);
  });
});
