// `latent sample`, called as the CLI calls it, on a tiny VAE trained in-process.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TrainingConfig } from '../protocol';
import { selectBackend } from '../engine/backend';
import { DatasetRegistry } from '../engine/data/registry';
import { decodePng } from '../engine/generate/image-files';
import { startRecordedTraining } from '../engine/runs/recorded-training';
import { RunStore } from '../engine/runs/run-store';
import { sampleCommand } from './sample';
import type { SampleOptions } from './sample';

const home = mkdtempSync(join(tmpdir(), 'latent-sample-'));
const runs = join(home, 'runs');
let vae: string;
let ae: string;

async function train(model: 'vae' | 'dense-ae'): Promise<string> {
  const backend = await selectBackend({ preferred: 'wasm' });
  const dataset = await new DatasetRegistry(home).open('mnist-10k');
  const config = TrainingConfig.parse({ datasetId: 'mnist-10k', model, epochs: 1, maxTrainSamples: 256, latentDim: 3, batchSize: 64 });
  const run = startRecordedTraining({ config, dataset, backend: backend.backend, store: new RunStore(runs), signal: new AbortController().signal, emit: () => {} });
  expect((await run.done).status).toBe('completed');
  return run.runId;
}

/** Runs the command; returns its exit code and the JSON of its last stdout line. */
async function sample(options: Partial<SampleOptions>): Promise<{ code: number; result: Record<string, unknown> }> {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => lines.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await sampleCommand({ json: true, runId: vae, runs, ...options });
  vi.restoreAllMocks();
  return { code, result: JSON.parse(lines.join('').trim().split('\n').at(-1)!) };
}

beforeAll(async () => {
  process.env.LATENT_HOME = home;
  vae = await train('vae');
  ae = await train('dense-ae');
}, 120_000);

afterEach(() => vi.restoreAllMocks());

describe('latent sample', () => {
  it('writes N PNGs in [0, 1]; the same seed writes byte-identical files, another seed others', async () => {
    const first = join(home, 'a');
    const { code, result } = await sample({ n: '40', out: first, seed: '9' });
    expect(code).toBe(0);
    expect(result).toMatchObject({ count: 40, out: first, format: 'png', runId: vae, seed: 9, temperature: 1, width: 28, height: 28, channels: 1 });
    const names = readdirSync(first).sort();
    expect(names).toHaveLength(40);
    expect(names[0]).toBe('sample-0000.png');
    expect(names[39]).toBe('sample-0039.png');
    const image = decodePng(readFileSync(join(first, names[7]!)));
    expect(image).toMatchObject({ width: 28, height: 28, channels: 1 });
    // a decoded digit, not a blank or a saturated square
    expect(new Set(image.bytes).size).toBeGreaterThan(10);

    const again = join(home, 'b');
    await sample({ n: '40', out: again, seed: '9' });
    for (const name of names) expect(readFileSync(join(again, name)).equals(readFileSync(join(first, name)))).toBe(true);
    const other = join(home, 'c');
    await sample({ n: '40', out: other, seed: '10' });
    expect(readFileSync(join(other, names[0]!)).equals(readFileSync(join(first, names[0]!)))).toBe(false);
  }, 60_000);

  it('writes one float32 NPY [N, H, W, C] with values in [0, 1], equal to the PNGs rounded', async () => {
    const out = join(home, 'npy');
    const { result } = await sample({ n: '40', out, seed: '9', format: 'npy' });
    expect(result).toMatchObject({ count: 40, format: 'npy', first: join(out, 'samples.npy') });
    const file = readFileSync(join(out, 'samples.npy'));
    const headerLength = file.readUInt16LE(8);
    expect(file.subarray(10, 10 + headerLength).toString('latin1')).toContain("'shape': (40, 28, 28, 1)");
    const values = new Float32Array(file.buffer.slice(file.byteOffset + 10 + headerLength, file.byteOffset + file.length));
    expect(values).toHaveLength(40 * 784);
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    const png = decodePng(readFileSync(join(home, 'a', 'sample-0007.png')));
    expect(png.bytes).toEqual(Uint8Array.from(values.subarray(7 * 784, 8 * 784), (v) => Math.round(v * 255)));
    expect(readdirSync(out)).toEqual(['samples.npy']);
  });

  it('refuses bad arguments and non-generative runs in one sentence', async () => {
    const out = join(home, 'bad');
    await expect(sampleCommand({ json: true, runId: undefined, out })).rejects.toThrow('sample needs the run id');
    await expect(sampleCommand({ json: true, runId: vae, runs })).rejects.toThrow('sample needs --out DIR');
    await expect(sampleCommand({ json: true, runId: vae, runs, out, n: '0' })).rejects.toThrow('--n must be a whole number from 1 to 100000, not "0".');
    await expect(sampleCommand({ json: true, runId: vae, runs, out, format: 'jpg' })).rejects.toThrow('--format must be png or npy, not "jpg".');
    await expect(sampleCommand({ json: true, runId: vae, runs, out, temperature: 'hot' })).rejects.toThrow(/--temperature must be a number from 0 to 5/);
    await expect(sampleCommand({ json: true, runId: 'nope', runs, out })).rejects.toThrow(/There is no readable run nope/);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await expect(sampleCommand({ json: true, runId: ae, runs, out })).rejects.toThrow(/is a dense-ae, which does not decode samples from a prior/);
  });
});
