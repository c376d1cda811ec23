/**
 * The images a page of samples shows: for each run, the dataset images and that run's
 * reconstructions by dataset index (one ImageBank per run), with error maps. Only the latest
 * request's answer is kept, so a fast pager never shows an older page.
 */
import type { ImagesApi, PointImages } from '../explore/image-bank';
import { ImageBank } from '../explore/image-bank';
import type { Picture } from '../explore/image-bank';
import { describeError } from '../state/describe-error';
import { errorMap } from './error-map';

/** One sample as one run sees it. */
export interface SampleImages extends PointImages {
  /** |image - reconstruction| coloured, null without a reconstruction */
  errorMap: Picture | null;
}

export class SampleLoader {
  /** runId -> dataset index -> images */
  shown = $state.raw<ReadonlyMap<string, ReadonlyMap<number, SampleImages>>>(new Map());
  loading = $state(false);
  error = $state<string | null>(null);

  private readonly banks = new Map<string, ImageBank>();
  private generation = 0;

  constructor(private readonly api: ImagesApi) {}

  /** Loads `indices` for every run of `runIds`; the answer replaces what is shown. */
  async show(runIds: readonly string[], indices: readonly number[]): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    try {
      const entries = await Promise.all(
        runIds.map(async (runId) => {
          let bank = this.banks.get(runId);
          if (!bank) this.banks.set(runId, (bank = new ImageBank(this.api, runId)));
          const loaded = await bank.load(indices);
          const byIndex = new Map<number, SampleImages>();
          loaded.forEach((images, k) => byIndex.set(indices[k]!, { ...images, errorMap: images.reconstruction ? errorMap(images.image, images.reconstruction) : null }));
          return [runId, byIndex] as const;
        }),
      );
      if (generation !== this.generation) return;
      this.shown = new Map(entries);
      this.error = null;
    } catch (error) {
      if (generation === this.generation) this.error = `Could not load the images: ${describeError(error)}`;
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }
}
