/**
 * Dataset images and their reconstructions for the map's tooltips, pins and selection grids,
 * fetched by dataset index in batches the contract allows and kept (most recent few
 * thousand) so hovering back over a point costs nothing.
 */
import { MAX_IMAGES_PER_REQUEST } from '../../../src-main/protocol';
import type { WorkbenchApi } from '../../../src-main/protocol';

/** The engine methods the images come from. */
export type ImagesApi = Pick<WorkbenchApi, 'getDatasetImages' | 'decodeLatents'>;

/** RGBA pixels ready for ImageData. */
export interface Picture {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

/** A dataset image with its reconstruction (null when the model has none). */
export interface PointImages {
  image: Picture;
  reconstruction: Picture | null;
}

const KEPT = 4000;

/** Image `n` of a batch of bytes ([count, height, width, channels]) as RGBA. */
export function pictureAt(bytes: Uint8Array, n: number, width: number, height: number, channels: number): Picture {
  const pixels = width * height;
  const rgba = new Uint8ClampedArray(pixels * 4);
  const start = n * pixels * channels;
  for (let p = 0; p < pixels; p++) {
    const at = start + p * channels;
    const o = p * 4;
    if (channels >= 3) {
      rgba[o] = bytes[at]!;
      rgba[o + 1] = bytes[at + 1]!;
      rgba[o + 2] = bytes[at + 2]!;
    } else {
      rgba[o] = rgba[o + 1] = rgba[o + 2] = bytes[at]!;
    }
    rgba[o + 3] = 255;
  }
  return { width, height, rgba };
}

/** Decodes codes (row-major [k, dim]) with `runId`'s decoder into pictures. */
export async function decodePictures(api: ImagesApi, runId: string, codes: Float32Array): Promise<Picture[]> {
  const reply = await api.decodeLatents({ runId, codes });
  return Array.from({ length: reply.count }, (_, n) => pictureAt(reply.images, n, reply.width, reply.height, reply.channels));
}

/** Fetches and keeps one run's images by dataset index. */
export class ImageBank {
  private readonly kept = new Map<number, PointImages>();

  constructor(
    private readonly api: ImagesApi,
    readonly runId: string,
  ) {}

  /** The images of `index`, if already here. */
  peek(index: number): PointImages | undefined {
    return this.kept.get(index);
  }

  /** The images of `indices` (in that order), fetching those not here yet. */
  async load(indices: readonly number[]): Promise<PointImages[]> {
    const missing = [...new Set(indices.filter((i) => !this.kept.has(i)))];
    for (let from = 0; from < missing.length; from += MAX_IMAGES_PER_REQUEST) {
      const batch = missing.slice(from, from + MAX_IMAGES_PER_REQUEST);
      const reply = await this.api.getDatasetImages({ runId: this.runId, indices: Int32Array.from(batch), reconstructions: true });
      batch.forEach((index, n) => {
        const { width, height, channels } = reply;
        this.remember(index, {
          image: pictureAt(reply.images, n, width, height, channels),
          reconstruction: reply.reconstructions ? pictureAt(reply.reconstructions, n, width, height, channels) : null,
        });
      });
    }
    return indices.map((i) => {
      const found = this.kept.get(i)!;
      // touched again: move to the young end
      this.kept.delete(i);
      this.kept.set(i, found);
      return found;
    });
  }

  /** Decodes codes (row-major [k, dim]) into pictures. */
  decode(codes: Float32Array): Promise<Picture[]> {
    return decodePictures(this.api, this.runId, codes);
  }

  private remember(index: number, images: PointImages): void {
    this.kept.set(index, images);
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
  }
}
