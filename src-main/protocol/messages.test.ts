import { describe, expect, it } from 'vitest';
import { checkEvent, checkReply, checkRequest, checkResult } from './messages';

describe('checkRequest', () => {
  it('accepts a valid request and fills in defaults', () => {
    const checked = checkRequest({ type: 'request', id: 7, method: 'startTraining', params: { datasetId: 'mnist-10k', model: 'dense-ae' } });
    expect(checked.ok).toBe(true);
    if (checked.ok && checked.value.method === 'startTraining') {
      expect(checked.value.params).toMatchObject({ epochs: 10, batchSize: 128, learningRate: 1e-3, seed: 1 });
    }
  });

  it.each([
    ['not an object', 'hello', null],
    ['null', null, null],
    ['missing id', { type: 'request', method: 'getInfo', params: {} }, null],
    ['negative id', { type: 'request', id: -1, method: 'getInfo', params: {} }, -1],
    ['extra envelope field', { type: 'request', id: 1, method: 'getInfo', params: {}, admin: true }, 1],
  ])('rejects a malformed envelope (%s) as bad-request', (_name, message, id) => {
    const checked = checkRequest(message);
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.error.code).toBe('bad-request');
      expect(checked.id).toBe(id);
    }
  });

  it('rejects an unknown method, including inherited names', () => {
    for (const method of ['dropTables', 'toString', '__proto__', 'constructor']) {
      const checked = checkRequest({ type: 'request', id: 1, method, params: {} });
      expect(checked.ok).toBe(false);
      if (!checked.ok) expect(checked.error.code).toBe('unknown-method');
    }
  });

  it.each([
    ['wrong model', { datasetId: 'mnist-10k', model: 'rm -rf' }],
    ['epochs zero', { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 0 }],
    ['NaN learning rate', { datasetId: 'mnist-10k', model: 'dense-ae', learningRate: Number.NaN }],
    ['fractional batch', { datasetId: 'mnist-10k', model: 'dense-ae', batchSize: 1.5 }],
    ['unknown field', { datasetId: 'mnist-10k', model: 'dense-ae', shell: 'x' }],
    ['empty dataset id', { datasetId: '', model: 'dense-ae' }],
  ])('rejects invalid params (%s) naming the method', (_name, params) => {
    const checked = checkRequest({ type: 'request', id: 3, method: 'startTraining', params });
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.error.code).toBe('bad-request');
      expect(checked.error.message).toContain('startTraining');
      expect(checked.id).toBe(3);
    }
  });

  it('rejects a run id that could escape a folder', () => {
    const checked = checkRequest({ type: 'request', id: 1, method: 'stopTraining', params: { runId: '../../etc' } });
    expect(checked.ok).toBe(false);
  });
});

describe('checkEvent', () => {
  const reconstructions = (overrides: Record<string, unknown> = {}) => ({
    type: 'event',
    event: 'trainingProgress',
    payload: {
      kind: 'reconstructions',
      runId: 'r1',
      seq: 4,
      epoch: 1,
      count: 2,
      width: 2,
      height: 2,
      originals: new Float32Array(8).fill(0.5),
      reconstructions: new Float32Array(8).fill(0.25),
      ...overrides,
    },
  });

  it('accepts image batches as typed arrays', () => {
    expect(checkEvent(reconstructions()).ok).toBe(true);
  });

  it('rejects images sent as JSON number arrays', () => {
    expect(checkEvent(reconstructions({ originals: Array(8).fill(0.5) })).ok).toBe(false);
  });

  it('rejects non-finite or out-of-range pixels', () => {
    const nan = new Float32Array(8).fill(0.5);
    nan[3] = Number.NaN;
    expect(checkEvent(reconstructions({ reconstructions: nan })).ok).toBe(false);
    expect(checkEvent(reconstructions({ originals: new Float32Array(8).fill(1.5) })).ok).toBe(false);
  });

  it('rejects image arrays whose length does not match count x width x height', () => {
    expect(checkEvent(reconstructions({ originals: new Float32Array(7) })).ok).toBe(false);
  });

  it('rejects unknown events and kinds', () => {
    expect(checkEvent({ type: 'event', event: 'format', payload: {} }).ok).toBe(false);
    expect(checkEvent({ type: 'event', event: 'trainingProgress', payload: { kind: 'explode', runId: 'r', seq: 1 } }).ok).toBe(false);
  });
});

describe('checkReply and checkResult', () => {
  it('accepts both reply shapes and rejects others', () => {
    expect(checkReply({ type: 'reply', id: 1, ok: true, result: {} }).ok).toBe(true);
    expect(checkReply({ type: 'reply', id: null, ok: false, error: { code: 'busy', message: 'x' } }).ok).toBe(true);
    expect(checkReply({ type: 'reply', id: 1, ok: false, error: { code: 'made-up', message: 'x' } }).ok).toBe(false);
  });

  it('checks a result against its method', () => {
    expect(checkResult('stopTraining', { stopped: true }).ok).toBe(true);
    expect(checkResult('stopTraining', { stopped: 'yes' }).ok).toBe(false);
  });
});
