// Disk faults during training: a disk that fills up mid-run, a read-only data folder, and a
// checkpoint swap cut short. Writes fail through an injected fs error (ENOSPC, EROFS) on
// the run's folder only; the run must stop with a sentence that says what to do, and what
// was saved before must load.
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrainingProgress } from '../../protocol';
import { TrainingConfig } from '../../protocol';
import { selectBackend } from '../backend';
import type { ImageSet } from '../data/image-set';
import { loadMnist10k } from '../data/mnist-10k';
import { disposeState } from '../models';
import { loadCheckpoint, saveCheckpoint } from '../training/checkpoint-store';
import { resumeRecordedTraining, startRecordedTraining } from './recorded-training';
import { RunRecord } from './run-record';
import { RunStore } from './run-store';

/** The injected fault: writes under `root` fail with `code`; `only` narrows it to one call. */
const fault = vi.hoisted(() => ({ code: null as string | null, root: '', only: null as null | ((call: string, path: string, n: number) => boolean), calls: 0 }));

function failing(call: string, path: string): Error | null {
  if (!fault.code || !path.startsWith(fault.root)) return null;
  if (fault.only && !fault.only(call, path, ++fault.calls)) return null;
  return Object.assign(new Error(`${fault.code}: simulated, ${call} '${path}'`), { code: fault.code });
}

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const guard =
    <A extends [unknown, ...unknown[]], R>(call: string, fn: (...args: A) => Promise<R>, writes: (...args: A) => boolean = () => true) =>
    (...args: A): Promise<R> => {
      const error = writes(...args) ? failing(call, String(args[0])) : null;
      return error ? Promise.reject(error) : fn(...args);
    };
  const patched = {
    ...fs,
    mkdir: guard('mkdir', fs.mkdir),
    appendFile: guard('appendFile', fs.appendFile),
    writeFile: guard('writeFile', fs.writeFile),
    rename: guard('rename', fs.rename),
    // opening for reading (fsync of a folder) is no write
    open: guard('open', fs.open as (path: unknown, flags?: unknown) => ReturnType<typeof fs.open>, (_path, flags) => flags !== 'r' && flags !== undefined),
  };
  return { ...patched, default: patched };
});

vi.mock('write-file-atomic', async (importOriginal) => {
  const real = ((await importOriginal()) as { default: (file: string, data: string) => Promise<void> }).default;
  return {
    default: (file: string, data: string) => {
      const error = failing('writeFileAtomic', file);
      return error ? Promise.reject(error) : real(file, data);
    },
  };
});

let mnist: ImageSet;

beforeAll(async () => {
  expect((await selectBackend({ preferred: 'wasm' })).backend).toBe('wasm');
  mnist = await loadMnist10k(await mkdtemp(join(tmpdir(), 'latent-faults-data-')));
});

beforeEach(async () => {
  fault.code = null;
  fault.only = null;
  fault.calls = 0;
  fault.root = await mkdtemp(join(tmpdir(), 'latent-faults-runs-'));
});

const config = (epochs: number) => TrainingConfig.parse({ datasetId: 'mnist-10k', model: 'dense-ae', epochs, maxTrainSamples: 256, batchSize: 32, latentDim: 4 });

function train(store: RunStore, epochs: number, onEvent: (e: TrainingProgress) => void = () => {}) {
  const events: TrainingProgress[] = [];
  const run = startRecordedTraining({
    config: config(epochs),
    dataset: mnist,
    backend: 'wasm',
    store,
    signal: new AbortController().signal,
    emit: (e) => {
      events.push(e);
      onEvent(e);
    },
  });
  return { run, events };
}

async function onDisk(store: RunStore, runId: string): Promise<RunRecord> {
  return RunRecord.parse(JSON.parse(await readFile(join(store.dirOf(runId), 'run.json'), 'utf8')));
}

describe('a disk that fills up during training', () => {
  it('stops the run with a clear message and keeps the last good checkpoint and run.json', async () => {
    const store = new RunStore(fault.root);
    // the disk fills up once epoch 2 is saved
    const { run, events } = train(store, 6, (e) => {
      if (e.kind === 'reconstructions' && e.epoch === 2) fault.code = 'ENOSPC';
    });
    const finished = await run.done;
    expect(finished).toMatchObject({ status: 'failed', epochsDone: 2 });
    expect(finished.message).toMatch(/^Could not write .+: the disk is full \(ENOSPC\)\. Training stopped; .*intact\. Free some space .*then resume the run\.$/);
    // the UI saw the same ending, and nothing trained on after it
    expect(events.at(-1)).toEqual(finished);
    expect(events.filter((e) => e.kind === 'epoch').map((e) => (e as { epoch: number }).epoch)).not.toContain(4);

    fault.code = null;
    // the files are whole and say epoch 2
    expect(await onDisk(store, run.runId)).toMatchObject({ epochsDone: 2, status: 'running' });
    const last = await loadCheckpoint(run.dir, 'last');
    expect(last?.epoch).toBe(2);
    disposeState(last!.groups);
    expect((await readdir(join(run.dir, 'checkpoints'))).filter((n) => n.startsWith('.'))).toEqual([]);
    // this process still knows how it ended
    expect(await store.read(run.runId)).toMatchObject({ status: 'failed', message: finished.message });

    // space freed: the run resumes from its checkpoint and ends normally
    const resumed = await resumeRecordedTraining(await store.read(run.runId), {
      config: config(3),
      dataset: mnist,
      backend: 'wasm',
      store,
      signal: new AbortController().signal,
      emit: () => {},
    });
    expect(await resumed.done).toMatchObject({ status: 'completed', epochsDone: 3 });
    expect(await onDisk(store, run.runId)).toMatchObject({ status: 'completed', epochsDone: 3 });
  });
});

describe('a read-only data folder', () => {
  it('refuses the run at once, saying so', async () => {
    fault.code = 'EROFS';
    const store = new RunStore(fault.root);
    const { run } = train(store, 3);
    const finished = await run.done;
    expect(finished).toMatchObject({ status: 'failed', epochsDone: 0 });
    expect(finished.message).toMatch(/read-only file system \(EROFS\).*LATENT_HOME/);
    fault.code = null;
    expect((await store.list()).runs).toEqual([]);
  });
});

describe('a checkpoint write cut short', () => {
  const content = (epoch: number) => ({ epoch, valLoss: 1 / epoch, meta: {}, groups: { model: [{ name: 'w', tensor: tf.fill([64, 64], epoch) }] } });

  async function savedEpoch(dir: string): Promise<number | null> {
    const loaded = await loadCheckpoint(dir, 'last');
    if (!loaded) return null;
    const values = await loaded.groups['model']![0]!.tensor.data();
    disposeState(loaded.groups);
    // the weights belong to the manifest that names them
    expect(new Set(values)).toEqual(new Set([loaded.epoch]));
    return loaded.epoch;
  }

  it('keeps the previous checkpoint when the new one fails between write and rename', async () => {
    const dir = join(fault.root, 'run');
    await saveCheckpoint(dir, 'last', content(1));
    // fail the rename that would move the finished temp folder into place
    fault.code = 'ENOSPC';
    fault.only = (call, path) => call === 'rename' && path.includes('.tmp-last-');
    await expect(saveCheckpoint(dir, 'last', content(2))).rejects.toThrow(/the last checkpoint \(epoch 2\).*disk is full/);
    fault.code = null;
    expect(await savedEpoch(dir)).toBe(1);
    // the next save cleans up what the failed one left behind
    await saveCheckpoint(dir, 'last', content(3));
    expect(await savedEpoch(dir)).toBe(3);
    expect((await readdir(join(dir, 'checkpoints'))).sort()).toEqual(['last']);
  });

  it('keeps the previous checkpoint when the disk fills while its files are written', async () => {
    const dir = join(fault.root, 'run');
    await saveCheckpoint(dir, 'last', content(1));
    fault.code = 'ENOSPC';
    fault.only = (call, path) => call === 'open' && path.endsWith('manifest.json');
    await expect(saveCheckpoint(dir, 'last', content(2))).rejects.toThrow(/disk is full/);
    fault.code = null;
    expect(await savedEpoch(dir)).toBe(1);
    expect((await readdir(join(dir, 'checkpoints'))).sort()).toEqual(['last']);
  });
});
