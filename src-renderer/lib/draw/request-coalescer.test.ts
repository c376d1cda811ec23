import { describe, expect, it } from 'vitest';
import { createCoalescer } from './request-coalescer';

/** A run whose calls stay pending until the test resolves or rejects them. */
function controllableRun() {
  const calls: { input: number; resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const run = (input: number) =>
    new Promise<string>((resolve, reject) => {
      calls.push({ input, resolve, reject });
    });
  return { run, calls };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createCoalescer', () => {
  it('runs once more, with the last input, after a burst during a run', async () => {
    const { run, calls } = controllableRun();
    const results: [string, number][] = [];
    const c = createCoalescer(run, (o, i) => results.push([o, i]), () => {});
    for (let i = 1; i <= 10; i++) c.submit(i);
    expect(calls.map((call) => call.input)).toEqual([1]);
    expect(c.pending).toBe(true);

    calls[0]!.resolve('one');
    await flush();
    expect(calls.map((call) => call.input)).toEqual([1, 10]);
    calls[1]!.resolve('ten');
    await flush();
    expect(calls).toHaveLength(2);
    expect(results).toEqual([
      ['one', 1],
      ['ten', 10],
    ]);
    expect(c.pending).toBe(false);
  });

  it('tells the callbacks whether another run follows', async () => {
    const { run, calls } = controllableRun();
    const pendingSeen: boolean[] = [];
    const c = createCoalescer(run, () => pendingSeen.push(c.pending), () => {});
    c.submit(1);
    c.submit(2);
    calls[0]!.resolve('a');
    await flush();
    calls[1]!.resolve('b');
    await flush();
    expect(pendingSeen).toEqual([true, false]);
  });

  it('reports errors and keeps going with the waiting input', async () => {
    const { run, calls } = controllableRun();
    const errors: [string, number][] = [];
    const results: number[] = [];
    const c = createCoalescer(
      run,
      (_o, i) => results.push(i),
      (e, i) => errors.push([(e as Error).message, i]),
    );
    c.submit(1);
    c.submit(2);
    calls[0]!.reject(new Error('engine down'));
    await flush();
    calls[1]!.resolve('ok');
    await flush();
    expect(errors).toEqual([['engine down', 1]]);
    expect(results).toEqual([2]);
  });

  it('treats a synchronous throw like a rejection', async () => {
    const errors: unknown[] = [];
    const c = createCoalescer(
      () => {
        throw new Error('bad input');
      },
      () => {},
      (e) => errors.push(e),
    );
    c.submit(1);
    await flush();
    expect(errors).toHaveLength(1);
    expect(c.pending).toBe(false);
  });

  it('stops reporting and running after dispose', async () => {
    const { run, calls } = controllableRun();
    const results: string[] = [];
    const c = createCoalescer(run, (o) => results.push(o), () => {});
    c.submit(1);
    c.submit(2);
    c.dispose();
    calls[0]!.resolve('late');
    await flush();
    c.submit(3);
    expect(results).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});
