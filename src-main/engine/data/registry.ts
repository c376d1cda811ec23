/**
 * The datasets the engine can open: the bundled mnist-10k always, the others when their files
 * are on this machine. Loaded lazily and kept once loaded.
 */
import type { DatasetSummary } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import { FASHION_MNIST_ID, loadFashionMnist, probeFashionMnist } from './fashion-mnist';
import type { ImageSet } from './image-set';
import { MNIST_10K_ID, loadMnist10k } from './mnist-10k';

interface Source {
  id: string;
  /** the summary without loading the images, null when the files are absent; omitted for a
   * bundled source, which is listed from its (small, cached) loaded set */
  probe?(): Promise<DatasetSummary | null>;
  load(dataDir: string): Promise<ImageSet>;
}

const SOURCES: Source[] = [
  { id: MNIST_10K_ID, load: (dataDir) => loadMnist10k(dataDir) },
  { id: FASHION_MNIST_ID, probe: () => probeFashionMnist(), load: (dataDir) => loadFashionMnist(dataDir) },
];

export class DatasetRegistry {
  private readonly loaded = new Map<string, Promise<ImageSet>>();

  constructor(private readonly dataDir: string) {}

  /** Summaries of the datasets available here, mnist-10k first. */
  async list(): Promise<DatasetSummary[]> {
    const summaries = await Promise.all(SOURCES.map((s) => this.summarize(s)));
    return summaries.filter((s) => s !== null);
  }

  /** Opens a dataset by id; throws a `not-found` WorkbenchError for an unknown id or absent files. */
  open(id: string): Promise<ImageSet> {
    const source = SOURCES.find((s) => s.id === id);
    if (!source) {
      throw new WorkbenchError('not-found', `No dataset "${id}". Available: ${SOURCES.map((s) => s.id).join(', ')}.`);
    }
    let pending = this.loaded.get(id);
    if (!pending) {
      pending = source.load(this.dataDir);
      // evict a failed load so the next caller can retry
      pending.catch(() => this.loaded.delete(id));
      this.loaded.set(id, pending);
    }
    return pending;
  }

  private async summarize(source: Source): Promise<DatasetSummary | null> {
    if (!source.probe) return (await this.open(source.id)).summary;
    try {
      return await source.probe();
    } catch (error) {
      // one damaged optional dataset must not hide the others; opening it reports the problem
      console.error(`[engine] dataset ${source.id} left out of the list: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }
}
