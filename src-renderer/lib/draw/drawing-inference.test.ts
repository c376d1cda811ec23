import { describe, expect, it } from 'vitest';
import type { DrawInference, DrawInferenceParams } from './draw-api';
import { DrawingInference } from './drawing-inference.svelte';

const PIXELS = 28 * 28;

function inference(fields: Partial<DrawInference> = {}): DrawInference {
  return { reconstruction: new Float32Array(PIXELS), latent: Float32Array.from([1, 2]), error: 0.1, percentile: 50, neighbours: [], samples: [], ...fields };
}

/** An engine whose replies the test sends, one request at a time, and a clock it advances. */
function harness() {
  const asked: Array<{ params: DrawInferenceParams; reply: (r: DrawInference) => void; fail: (e: Error) => void }> = [];
  const api = {
    inferDrawing: (params: DrawInferenceParams) => new Promise<DrawInference>((reply, fail) => asked.push({ params, reply, fail })),
  };
  const placed: Array<string | null> = [];
  const sink = { show: (runId: string) => void placed.push(runId), clear: () => void placed.push(null) };
  let t = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const clock = {
    now: () => t,
    setTimer: (callback: () => void, ms: number) => {
      timers.set(nextId, { at: t + ms, callback });
      return nextId++;
    },
    clearTimer: (handle: unknown) => void timers.delete(handle as number),
  };
  const advance = (ms: number): void => {
    t += ms;
    for (const [id, timer] of [...timers]) {
      if (timer.at > t) continue;
      timers.delete(id);
      timer.callback();
    }
  };
  const session = new DrawingInference(api, sink, clock);
  return { session, asked, placed, advance };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('DrawingInference', () => {
  it('answers a stroke with its reconstruction, counts it and places its code on the map', async () => {
    const { session, asked, placed } = harness();
    const pixels = new Float32Array(PIXELS);
    session.ask('run-1', pixels);
    expect(session.inferring).toBe(true);
    // the first request carries the nearest digits and samples
    expect(asked[0]!.params).toMatchObject({ runId: 'run-1', neighbours: 8, samples: 8 });
    asked[0]!.reply(inference());
    await settle();
    expect(session.result?.pixels).toBe(pixels);
    expect(session.details?.request.pixels).toBe(pixels);
    expect(session.answers).toBe(1);
    expect(session.inferring).toBe(false);
    expect(placed).toEqual(['run-1']);
  });

  it('coalesces strokes: one request in flight, only the newest waiting', async () => {
    const { session, asked } = harness();
    const strokes = [1, 2, 3].map(() => new Float32Array(PIXELS));
    for (const s of strokes) session.ask('run-1', s);
    expect(asked).toHaveLength(1);
    asked[0]!.reply(inference());
    await settle();
    expect(asked).toHaveLength(2);
    expect(asked[1]!.params.pixels).toBe(strokes[2]);
    // within the interval: the reconstruction only
    expect(asked[1]!.params.neighbours).toBe(0);
  });

  it('fetches the details once the pen rests, without counting another answer', async () => {
    const { session, asked, advance } = harness();
    session.ask('run-1', new Float32Array(PIXELS));
    asked[0]!.reply(inference());
    await settle();
    const stroke = new Float32Array(PIXELS);
    session.ask('run-1', stroke);
    asked[1]!.reply(inference());
    await settle();
    expect(session.details?.request.pixels).not.toBe(stroke);
    advance(100);
    expect(asked[2]!.params).toMatchObject({ pixels: stroke, neighbours: 8 });
    asked[2]!.reply(inference());
    await settle();
    expect(session.details?.request.pixels).toBe(stroke);
    expect(session.answers).toBe(2);
  });

  it('drops a reply about a model no longer chosen, and clears the map when nothing is drawn', async () => {
    const { session, asked, placed } = harness();
    session.ask('run-1', new Float32Array(PIXELS));
    session.ask(null, null);
    asked[0]!.reply(inference());
    await settle();
    expect(session.result).toBeNull();
    expect(session.inferring).toBe(false);
    expect(placed).toEqual([null]);
  });

  it('reports a failed request and a malformed reply in one sentence, and clears it on success', async () => {
    const { session, asked } = harness();
    session.ask('run-1', new Float32Array(PIXELS));
    asked[0]!.fail(new Error('engine busy'));
    await settle();
    expect(session.error).toBe('Could not run the model on the drawing: engine busy');
    session.ask('run-1', new Float32Array(PIXELS));
    asked[1]!.reply(inference({ reconstruction: new Float32Array(10) }));
    await settle();
    expect(session.error).toBe("The engine's reply is malformed: The reconstruction has 10 pixels instead of 784.");
    expect(session.result).toBeNull();
    session.ask('run-1', new Float32Array(PIXELS));
    asked[2]!.reply(inference());
    await settle();
    expect(session.error).toBeNull();
  });
});
