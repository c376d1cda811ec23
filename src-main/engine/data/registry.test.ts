import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkbenchError } from '../../protocol';
import { fakeFashionMnist } from './fashion-fixture';
import { chooseFashionMnistDir } from './fashion-mnist';
import { DatasetRegistry } from './registry';

let dataDir = '';
const made: string[] = [];
beforeAll(async () => {
  // one data directory for the file, so mnist-10k is converted once
  dataDir = await mkdtemp(join(tmpdir(), 'latent-registry-'));
  made.push(dataDir);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function fashionFolder(...args: Parameters<typeof fakeFashionMnist>): Promise<string> {
  const dir = await fakeFashionMnist(...args);
  made.push(dir);
  return dir;
}

describe('DatasetRegistry', () => {
  it('lists mnist-10k alone when the Fashion-MNIST files are absent, and says how to get them', async () => {
    vi.stubEnv('LATENT_FASHION_MNIST_DIR', join(tmpdir(), 'latent-no-such-folder'));
    const registry = new DatasetRegistry(dataDir);
    const list = await registry.list();
    expect(list.map((d) => d.id)).toEqual(['mnist-10k']);
    expect(list[0]).toMatchObject({ count: 10_000, trainCount: 8000, valCount: 2000, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
    const failure = registry.open('fashion-mnist');
    await expect(failure).rejects.toBeInstanceOf(WorkbenchError);
    await expect(failure).rejects.toMatchObject({ code: 'not-found' });
    await expect(failure).rejects.toThrow(/sudo apt install dataset-fashion-mnist.*LATENT_FASHION_MNIST_DIR/);
  });

  it('lists Fashion-MNIST from its headers when its folder holds the four files, and opens it', async () => {
    vi.stubEnv('LATENT_FASHION_MNIST_DIR', await fashionFolder(50, 10));
    const registry = new DatasetRegistry(dataDir);
    const list = await registry.list();
    expect(list.map((d) => d.id)).toEqual(['mnist-10k', 'fashion-mnist']);
    expect(list[1]).toMatchObject({ name: 'Fashion-MNIST', count: 60, trainCount: 50, valCount: 10 });
    expect(list[1]!.classNames).toHaveLength(10);
    const set = await registry.open('fashion-mnist');
    expect(set.summary).toEqual(list[1]);
    expect(await registry.open('fashion-mnist')).toBe(set);
  });

  it('leaves out a Fashion-MNIST whose headers are wrong, and opening it names the file', async () => {
    const dir = await fashionFolder(50, 10);
    const broken = join(dir, 'train-labels-idx1-ubyte.gz');
    await writeFile(broken, gzipSync(Buffer.from('not idx at all')));
    vi.stubEnv('LATENT_FASHION_MNIST_DIR', dir);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const registry = new DatasetRegistry(dataDir);
    expect((await registry.list()).map((d) => d.id)).toEqual(['mnist-10k']);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(`fashion-mnist left out of the list: ${broken}: not an IDX file`));
    await expect(registry.open('fashion-mnist')).rejects.toThrow(`${broken}: not an IDX file`);
  });

  it('refuses an unknown id, naming the known ones', async () => {
    await expect(new DatasetRegistry(dataDir).open('cifar')).rejects.toThrow('No dataset "cifar". Available: mnist-10k, fashion-mnist, mnist.');
  });
});

describe('a Fashion-MNIST folder the user picks', () => {
  it('is remembered in the data directory and listed from then on; a folder without the files is refused', async () => {
    vi.stubEnv('LATENT_FASHION_MNIST_DIR', join(tmpdir(), 'latent-no-such-folder'));
    const home = await mkdtemp(join(tmpdir(), 'latent-registry-pick-'));
    made.push(home);
    const empty = await mkdtemp(join(tmpdir(), 'latent-empty-'));
    made.push(empty);
    await expect(chooseFashionMnistDir(home, empty)).rejects.toThrow(`${empty} lacks train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz`);
    const folder = await fashionFolder(20, 5);
    expect(await chooseFashionMnistDir(home, folder)).toMatchObject({ id: 'fashion-mnist', count: 25 });
    const registry = new DatasetRegistry(home);
    expect((await registry.list()).find((d) => d.id === 'fashion-mnist')?.source).toBe(`Zalando Research (MIT), files in ${folder}`);
    expect((await registry.open('fashion-mnist')).summary.trainCount).toBe(20);
  });
});
