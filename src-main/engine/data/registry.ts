/** The datasets the engine can open, loaded lazily and kept once loaded. */
import type { DatasetSummary } from '../../protocol';
import { WorkbenchError } from '../../protocol';
import type { ImageSet } from './image-set';
import { MNIST_10K_ID, loadMnist10k } from './mnist-10k';

interface Source {
  id: string;
  load(dataDir: string): Promise<ImageSet>;
}

const SOURCES: Source[] = [{ id: MNIST_10K_ID, load: loadMnist10k }];

export class DatasetRegistry {
  private readonly loaded = new Map<string, Promise<ImageSet>>();

  constructor(private readonly dataDir: string) {}

  /** Summaries of every dataset; loads each once to know its size. */
  async list(): Promise<DatasetSummary[]> {
    return Promise.all(SOURCES.map(async (s) => (await this.open(s.id)).summary));
  }

  /** Opens a dataset by id; throws a `not-found` WorkbenchError for an unknown id. */
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
}
