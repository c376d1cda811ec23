/**
 * The datasets the engine can open: the bundled mnist-10k always, the others when their files
 * are on this machine (Fashion-MNIST from Debian's package, full MNIST once downloaded, the
 * user's imports). Loaded lazily and kept once loaded.
 */
import type { DatasetSummary } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import { FASHION_MNIST_ID, loadFashionMnist, probeFashionMnist, resolveFashionMnistDir } from './fashion-mnist';
import type { ImageSet } from './image-set';
import { listImported, loadImported } from './imported';
import { MNIST_10K_ID, loadMnist10k } from './mnist-10k';
import { MNIST_ID, loadMnist, probeMnist } from './mnist-download';

interface Source {
  id: string;
  /** the summary without loading the images, null when the files are absent; omitted for a
   * bundled source, which is listed from its (small, cached) loaded set */
  probe?(dataDir: string): Promise<DatasetSummary | null>;
  load(dataDir: string): Promise<ImageSet>;
}

const SOURCES: Source[] = [
  { id: MNIST_10K_ID, load: (dataDir) => loadMnist10k(dataDir) },
  {
    id: FASHION_MNIST_ID,
    probe: async (dataDir) => probeFashionMnist(await resolveFashionMnistDir(dataDir)),
    load: async (dataDir) => loadFashionMnist(dataDir, await resolveFashionMnistDir(dataDir)),
  },
  { id: MNIST_ID, probe: (dataDir) => probeMnist(dataDir), load: (dataDir) => loadMnist(dataDir) },
];

/** Ids the built-in sources use, which an import may not take. */
export const BUILT_IN_DATASET_IDS: ReadonlySet<string> = new Set(SOURCES.map((s) => s.id));

export class DatasetRegistry {
  private readonly loaded = new Map<string, Promise<ImageSet>>();

  constructor(private readonly dataDir: string) {}

  /** The data directory the datasets are cached in. */
  get directory(): string {
    return this.dataDir;
  }

  /** Summaries of the datasets available here: mnist-10k first, then the other built-ins, then imports. */
  async list(): Promise<DatasetSummary[]> {
    const summaries = await Promise.all(SOURCES.map((s) => this.summarize(s)));
    const imported = await listImported(this.dataDir);
    return [...summaries.filter((s) => s !== null), ...imported];
  }

  /** Opens a dataset by id; rejects with a `not-found` WorkbenchError for an unknown id or absent files. */
  open(id: string): Promise<ImageSet> {
    let pending = this.loaded.get(id);
    if (!pending) {
      const source = SOURCES.find((s) => s.id === id);
      pending = source ? source.load(this.dataDir) : this.openImported(id);
      // evict a failed load so the next caller can retry
      pending.catch(() => this.loaded.delete(id));
      this.loaded.set(id, pending);
    }
    return pending;
  }

  /** Forgets a loaded dataset (after its files changed), so the next open reads them again. */
  forget(id: string): void {
    this.loaded.delete(id);
  }

  private async openImported(id: string): Promise<ImageSet> {
    const imported = await listImported(this.dataDir);
    if (!imported.some((d) => d.id === id)) {
      const known = [...SOURCES.map((s) => s.id), ...imported.map((d) => d.id)];
      throw new WorkbenchError('not-found', `No dataset "${id}". Available: ${known.join(', ')}.`);
    }
    return loadImported(this.dataDir, id);
  }

  private async summarize(source: Source): Promise<DatasetSummary | null> {
    if (!source.probe) return (await this.open(source.id)).summary;
    try {
      return await source.probe(this.dataDir);
    } catch (error) {
      // one damaged optional dataset must not hide the others; opening it reports the problem
      console.error(`[engine] dataset ${source.id} left out of the list: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
