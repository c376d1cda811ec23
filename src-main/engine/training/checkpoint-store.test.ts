import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../protocol';
import type { CheckpointContent, LoadedCheckpoint } from './checkpoint-store';
import { listCheckpoints, loadCheckpoint, saveCheckpoint } from './checkpoint-store';

beforeAll(async () => {
  // the store is backend-independent; cpu needs no wasm binaries
  await tf.setBackend('cpu');
});

const made: tf.Tensor[] = [];
afterEach(() => made.splice(0).forEach((t) => t.dispose()));

function tensor(values: number[], shape: number[], dtype: 'float32' | 'int32'): tf.Tensor {
  const t = tf.tensor(values, shape, dtype);
  made.push(t);
  return t;
}

/** Two groups, float32 and int32 in each, values that tell epochs apart. */
function content(epoch: number): CheckpointContent {
  return {
    epoch,
    valLoss: 0.5 / epoch,
    groups: {
      model: [
        { name: 'dense/kernel', tensor: tensor([0.1, -2.5, 3e-8, epoch, 1e30, -0], [2, 3], 'float32') },
        { name: 'dense/bias', tensor: tensor([1, 2, 3], [3], 'float32') },
      ],
      'optimizer-d': [
        { name: 'iterations', tensor: tensor([epoch * 100], [], 'int32') },
        { name: 'counts', tensor: tensor([-7, 0, 2147483647, 42], [2, 2], 'int32') },
      ],
    },
    meta: { step: epoch * 100, random: { s: [1, 2, 3, 4] }, note: 'x' },
  };
}

const runDir = () => mkdtemp(join(tmpdir(), 'latent-ckpt-'));
const ckpt = (dir: string, ...parts: string[]) => join(dir, 'checkpoints', ...parts);

function dispose(loaded: LoadedCheckpoint | null): void {
  Object.values(loaded?.groups ?? {}).forEach((ts) => ts.forEach((t) => t.tensor.dispose()));
}

async function expectSameAs(loaded: LoadedCheckpoint | null, saved: CheckpointContent): Promise<void> {
  expect(loaded).not.toBeNull();
  const { groups, ...rest } = loaded!;
  expect(rest).toEqual({ epoch: saved.epoch, valLoss: saved.valLoss, meta: saved.meta });
  expect(Object.keys(groups)).toEqual(Object.keys(saved.groups));
  for (const [group, tensors] of Object.entries(saved.groups)) {
    const got = groups[group]!;
    expect(got.map((t) => t.name)).toEqual(tensors.map((t) => t.name));
    for (const [i, { tensor }] of tensors.entries()) {
      expect(got[i]!.tensor.dtype).toBe(tensor.dtype);
      expect(got[i]!.tensor.shape).toEqual(tensor.shape);
      // bit-exact, including -0 and values float32 rounds
      expect(await got[i]!.tensor.data()).toEqual(await tensor.data());
    }
  }
}

describe('checkpoint store', () => {
  it('round-trips float32 and int32 tensors in two groups, with epoch, loss and meta', async () => {
    const dir = await runDir();
    const saved = content(3);
    await saveCheckpoint(dir, 'last', saved);
    expect((await readdir(ckpt(dir))).sort()).toEqual(['last']);
    expect((await readdir(ckpt(dir, 'last'))).sort()).toEqual(['manifest.json', 'model.bin', 'optimizer-d.bin']);
    const manifest = JSON.parse(await readFile(ckpt(dir, 'last', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 1, epoch: 3, groups: { model: { file: 'model.bin', byteLength: 36 } } });
    const loaded = await loadCheckpoint(dir, 'last');
    await expectSameAs(loaded, saved);
    dispose(loaded);
  });

  it('returns null and lists nothing when a run has no checkpoint', async () => {
    const dir = await runDir();
    expect(await loadCheckpoint(dir, 'best')).toBeNull();
    expect(await listCheckpoints(dir)).toEqual([]);
  });

  it('replaces a slot on the next save and keeps last and best apart', async () => {
    const dir = await runDir();
    await saveCheckpoint(dir, 'last', content(1));
    await saveCheckpoint(dir, 'best', content(1));
    await saveCheckpoint(dir, 'last', content(2));
    expect(await listCheckpoints(dir)).toEqual([
      { slot: 'last', epoch: 2, valLoss: 0.25 },
      { slot: 'best', epoch: 1, valLoss: 0.5 },
    ]);
    const last = await loadCheckpoint(dir, 'last');
    await expectSameAs(last, content(2));
    const best = await loadCheckpoint(dir, 'best');
    await expectSameAs(best, content(1));
    [last, best].forEach(dispose);
    expect((await readdir(ckpt(dir))).sort()).toEqual(['best', 'last']); // no .old-* / .tmp-* left
  });

  it('ignores a save cut short by a crash, and the next save removes its folder', async () => {
    const dir = await runDir();
    await saveCheckpoint(dir, 'last', content(1));
    const partial = ckpt(dir, '.tmp-last-x');
    await mkdir(partial);
    await writeFile(join(partial, 'model.bin'), new Uint8Array(10));
    await writeFile(join(partial, 'manifest.json'), '{"format": 1, "epo');
    const loaded = await loadCheckpoint(dir, 'last');
    await expectSameAs(loaded, content(1));
    dispose(loaded);
    await saveCheckpoint(dir, 'last', content(2));
    expect(await readdir(ckpt(dir))).toEqual(['last']);
    expect(await listCheckpoints(dir)).toEqual([{ slot: 'last', epoch: 2, valLoss: 0.25 }]);
  });

  it('reads the previous checkpoint when a crash came between the two renames of a swap', async () => {
    const dir = await runDir();
    await saveCheckpoint(dir, 'last', content(1));
    await rename(ckpt(dir, 'last'), ckpt(dir, '.old-last-x'));
    expect(await listCheckpoints(dir)).toEqual([{ slot: 'last', epoch: 1, valLoss: 0.5 }]);
    const loaded = await loadCheckpoint(dir, 'last');
    await expectSameAs(loaded, content(1));
    dispose(loaded);
    await saveCheckpoint(dir, 'last', content(2));
    expect(await readdir(ckpt(dir))).toEqual(['last']);
  });

  const damages: [string, (dir: string) => Promise<void>, RegExp][] = [
    [
      'a flipped byte',
      async (dir) => {
        const file = ckpt(dir, 'last', 'optimizer-d.bin');
        const bytes = await readFile(file);
        bytes[5]! ^= 0x01;
        await writeFile(file, bytes);
      },
      /optimizer-d\.bin does not match the SHA-256/,
    ],
    ['a truncated bin', (dir) => truncate(ckpt(dir, 'last', 'model.bin'), 20), /model\.bin has 20 bytes but its manifest says 36/],
    ['a garbage manifest', (dir) => writeFile(ckpt(dir, 'last', 'manifest.json'), '\u0000{garbage'), /manifest\.json is not valid JSON/],
    ['a missing bin', (dir) => rm(ckpt(dir, 'last', 'model.bin')), /model\.bin is missing/],
    ['a missing manifest', (dir) => rm(ckpt(dir, 'last', 'manifest.json')), /manifest\.json is missing/],
    ['an unknown format', (dir) => editManifest(dir, (m) => void (m.format = 2)), /has format 2 but this version reads only format 1/],
    [
      'an unsupported dtype',
      (dir) => editManifest(dir, (m) => void (m.groups.model.weights[1].dtype = 'bool')),
      /manifest\.json is not a valid checkpoint manifest \(groups\.model\.weights\.1\.dtype/,
    ],
    [
      'shapes that disagree with the byte length',
      (dir) => editManifest(dir, (m) => void (m.groups.model.weights[1].shape = [2])),
      /byteLength does not match the weight shapes/,
    ],
  ];

  it.each(damages)('refuses %s with a WorkbenchError naming the file, and leaks no tensors', async (_, damage, message) => {
    const dir = await runDir();
    await saveCheckpoint(dir, 'last', content(1));
    await damage(dir);
    const before = tf.memory().numTensors;
    const error = await loadCheckpoint(dir, 'last').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('internal');
    expect((error as WorkbenchError).message).toMatch(message);
    expect((error as WorkbenchError).message).toContain(ckpt(dir, 'last'));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to save a dtype it could not load, leaving the slot as it was', async () => {
    const dir = await runDir();
    await saveCheckpoint(dir, 'best', content(1));
    const flags = tf.tensor([1, 0], [2], 'bool');
    made.push(flags);
    await expect(saveCheckpoint(dir, 'best', { ...content(2), groups: { model: [{ name: 'flags', tensor: flags }] } })).rejects.toThrow(/dtype/);
    expect(await readdir(ckpt(dir))).toEqual(['best']);
    expect(await listCheckpoints(dir)).toEqual([{ slot: 'best', epoch: 1, valLoss: 0.5 }]);
  });

  it('leaks no tensors on save, and none after load and dispose', async () => {
    const dir = await runDir();
    const saved = content(1);
    const before = tf.memory().numTensors;
    await saveCheckpoint(dir, 'last', saved);
    expect(tf.memory().numTensors).toBe(before);
    const loaded = await loadCheckpoint(dir, 'last');
    expect(tf.memory().numTensors).toBe(before + 4);
    dispose(loaded);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** Rewrites the last slot's manifest (keeping its bins), as a damaged or foreign file would. */
async function editManifest(dir: string, edit: (manifest: any) => void): Promise<void> {
  const file = ckpt(dir, 'last', 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  edit(manifest);
  await writeFile(file, JSON.stringify(manifest));
}
