// Writes cut short for real: a child process rewrites run.json and the "last" checkpoint in
// a loop and is killed with SIGKILL in the middle; afterwards both files load whole, each
// one version as a unit (weights and manifest from the same save), never half of two.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { disposeState } from '../models';
import { loadCheckpoint } from '../training/checkpoint-store';
import { RunRecord } from './run-record';

const JITI = resolve('node_modules/jiti/lib/jiti-cli.mjs');
const HERE = resolve('src-main/engine');
// the script lives in a temp folder, so it names the package by path
const TFJS = createRequire(resolve('package.json')).resolve('@tensorflow/tfjs');

// the writer: run.json of ~1 MB and a 1 MB checkpoint per version, as fast as it can
const CHILD = `
import * as tf from '${TFJS}';
import { RunStore } from '${HERE}/runs/run-store';
import { saveCheckpoint } from '${HERE}/training/checkpoint-store';
import { TrainingConfig } from '${HERE}/../protocol';
const [root, from] = [process.argv[2], Number(process.argv[3])];
const store = new RunStore(root);
const dataset = { id: 'mnist-10k', name: 'MNIST', count: 10, width: 28, height: 28, channels: 1, trainCount: 8, valCount: 2, source: 'test' };
const config = TrainingConfig.parse({ datasetId: 'mnist-10k', model: 'dense-ae' });
for (let i = from; ; i++) {
  const record = { format: 1, id: 'run', createdAt: 'a', updatedAt: 'b', status: 'running', config, dataset, backend: 'cpu', epochsDone: i, valLoss: null, best: null, pid: process.pid, seconds: 0, message: String(i % 10).repeat(1_000_000) };
  await store.create(record);
  const tensor = tf.fill([512, 512], i);
  await saveCheckpoint(store.dirOf('run'), 'last', { epoch: i, valLoss: null, meta: {}, groups: { model: [{ name: 'w', tensor }] } });
  tensor.dispose();
  console.log(i);
}
`;

/** Starts the writer at version `from`; resolves once it has finished `atLeast` versions, then kills it. */
async function writeThenKill(script: string, root: string, from: number, atLeast: number): Promise<number> {
  const child = spawn(process.execPath, [JITI, script, root, String(from)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, signal) => done(signal)));
  let written = from - 1;
  await new Promise<void>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the writer exited early (${code})`)));
    lines.on('line', (line) => {
      written = Number(line);
      // land the kill at a different point of the next write each time
      if (written >= from + atLeast - 1) setTimeout(() => (child.kill('SIGKILL'), done()), 3 * atLeast);
    });
  });
  expect(await exited).toBe('SIGKILL');
  return written;
}

describe('writes interrupted by SIGKILL', () => {
  it('leave run.json and the last checkpoint whole, each at one version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latent-atomic-'));
    const script = join(dir, 'writer.ts');
    await writeFile(script, CHILD);
    const root = join(dir, 'runs');
    let from = 1;
    for (const atLeast of [2, 3, 5]) {
      const written = await writeThenKill(script, root, from, atLeast);
      const record = RunRecord.parse(JSON.parse(await readFile(join(root, 'run', 'run.json'), 'utf8')));
      // the version being written when the kill came, or the one before it
      expect(record.epochsDone).toBeGreaterThanOrEqual(written);
      expect(record.epochsDone).toBeLessThanOrEqual(written + 1);
      expect(record.message).toBe(String(record.epochsDone % 10).repeat(1_000_000));
      const checkpoint = await loadCheckpoint(join(root, 'run'), 'last');
      expect(checkpoint!.epoch).toBeGreaterThanOrEqual(written);
      expect(checkpoint!.epoch).toBeLessThanOrEqual(written + 1);
      const values = await checkpoint!.groups['model']![0]!.tensor.data();
      expect(new Set(values)).toEqual(new Set([checkpoint!.epoch]));
      disposeState(checkpoint!.groups);
      from = Math.max(record.epochsDone, checkpoint!.epoch) + 1;
    }
  }, 120_000);
});
