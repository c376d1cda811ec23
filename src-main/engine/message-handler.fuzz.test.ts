// The engine's message handler under thousands of malformed messages: every one is answered
// with an error reply, nothing throws or pollutes a prototype, and the engine trains afterwards.
import fc from 'fast-check';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { malformedRequest, prototypesClean } from '../host/hostile-messages';
import type { TrainingProgress } from '../protocol';
import { selectBackend } from './backend';
import { Engine } from './engine';
import { answer } from './message-handler';

const SEED = 20261127;

let engine: Engine;
const progress: TrainingProgress[] = [];

beforeAll(async () => {
  const backend = await selectBackend({ preferred: 'wasm' });
  const dataDir = await mkdtemp(join(tmpdir(), 'latent-fuzz-'));
  engine = new Engine({
    backend,
    dataDir,
    emit: (event, payload) => {
      if (event === 'trainingProgress') progress.push(payload as TrainingProgress);
    },
  });
});

describe('engine message handler under fuzzing', () => {
  it('answers 3000 malformed messages with error replies, then still trains', async () => {
    await fc.assert(
      fc.asyncProperty(malformedRequest, async (message) => {
        const reply = await answer(engine, message);
        expect(reply).toMatchObject({ type: 'reply', ok: false });
        if (!reply.ok) expect(['bad-request', 'unknown-method']).toContain(reply.error.code);
        expect(prototypesClean()).toBe(true);
      }),
      { seed: SEED, numRuns: 3000 },
    );

    const started = await answer(engine, { type: 'request', id: 1, method: 'startTraining', params: { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 1, maxTrainSamples: 128, latentDim: 4 } });
    expect(started).toMatchObject({ id: 1, ok: true });
    await engine.idle();
    expect(progress.at(-1)).toMatchObject({ kind: 'finished', status: 'completed', epochsDone: 1 });
  });

  it('answers a request whose handler throws a non-workbench error with an internal error reply', async () => {
    const broken = { handle: () => Promise.reject(new TypeError('boom')) } as unknown as Engine;
    await expect(answer(broken, { type: 'request', id: 3, method: 'getInfo', params: {} })).resolves.toEqual({
      type: 'reply',
      id: 3,
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });
});
