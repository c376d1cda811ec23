/**
 * The pictures around the map, loaded as the user moves: the hovered point's images, the
 * decode of the latent point under the pointer (2-D latents), the pinned points' and their
 * neighbours', the selection's, and the interpolation strip. Hover and decode requests are
 * coalesced (one in flight, the newest waiting); a reply for an outdated ask is dropped.
 */
import { createCoalescer } from '../draw/request-coalescer';
import type { Coalescer } from '../draw/request-coalescer';
import { describeError } from '../state/describe-error';
import { ImageBank } from './image-bank';
import type { ImagesApi, Picture, PointImages } from './image-bank';

/** Selected images shown at most; more would only scroll. */
export const SELECTION_IMAGES = 200;

export class ExploreImages {
  /** the hovered point's images (by dataset index) */
  hover = $state.raw<{ index: number; images: PointImages } | null>(null);
  /** the decode of the code under the pointer */
  decoded = $state.raw<{ code: Float32Array; picture: Picture } | null>(null);
  /** images of pinned points and their neighbours, by dataset index */
  around = $state.raw<ReadonlyMap<number, PointImages>>(new Map());
  selection = $state.raw<Array<{ index: number; picture: Picture }> | null>(null);
  strip = $state.raw<Picture[] | null>(null);
  /** images drawn on the map at close zoom, by dataset index */
  thumbs = $state.raw<ReadonlyMap<number, Picture>>(new Map());
  error = $state<string | null>(null);

  private bank: ImageBank | null = null;
  private wantedHover = -1;
  private wantedCode: Float32Array | null = null;
  private asks = { around: 0, selection: 0, strip: 0, thumbs: 0 };
  private readonly hoverLoader: Coalescer<{ bank: ImageBank; index: number }>;
  private readonly decoder: Coalescer<{ bank: ImageBank; code: Float32Array }>;

  constructor(private readonly api: ImagesApi) {
    this.hoverLoader = createCoalescer(
      ({ bank, index }) => bank.load([index]),
      ([images], { bank, index }) => {
        if (bank === this.bank && index === this.wantedHover) this.hover = { index, images: images! };
      },
      (e) => this.fail('Could not load the image', e),
    );
    this.decoder = createCoalescer(
      ({ bank, code }) => bank.decode(code),
      ([picture], { bank, code }) => {
        if (bank === this.bank && code === this.wantedCode) this.decoded = { code, picture: picture! };
      },
      (e) => this.fail('Could not decode the point', e),
    );
  }

  /** Switches to `runId`'s images (a new projection), forgetting everything shown. */
  use(runId: string | null): void {
    this.bank = runId === null ? null : new ImageBank(this.api, runId);
    this.hover = this.decoded = null;
    this.selection = this.strip = null;
    this.around = new Map();
    this.thumbs = new Map();
    this.error = null;
  }

  /** The images of the point at dataset `index` under the pointer; -1 for none. */
  hoverPoint(index: number): void {
    this.wantedHover = index;
    if (index < 0 || !this.bank) return;
    const kept = this.bank.peek(index);
    if (kept) this.hover = { index, images: kept };
    else this.hoverLoader.submit({ bank: this.bank, index });
  }

  /** Decodes the code under the pointer; null stops. */
  hoverCode(code: Float32Array | null): void {
    this.wantedCode = code;
    if (code && this.bank) this.decoder.submit({ bank: this.bank, code });
  }

  /** Loads the images of pinned points and their neighbours. */
  async showAround(indices: readonly number[]): Promise<void> {
    const ask = ++this.asks.around;
    const bank = this.bank;
    if (!bank || indices.length === 0) return;
    try {
      const images = await bank.load(indices);
      if (ask === this.asks.around) this.around = new Map(indices.map((index, n) => [index, images[n]!]));
    } catch (e) {
      this.fail('Could not load the pinned images', e);
    }
  }

  /** Loads the first selected points' images (dataset indices); null clears. */
  async showSelection(indices: readonly number[] | null): Promise<void> {
    const ask = ++this.asks.selection;
    const bank = this.bank;
    this.selection = null;
    if (!bank || !indices) return;
    const first = indices.slice(0, SELECTION_IMAGES);
    try {
      const images = await bank.load(first);
      if (ask === this.asks.selection) this.selection = first.map((index, n) => ({ index, picture: images[n]!.image }));
    } catch (e) {
      this.fail('Could not load the selected images', e);
    }
  }

  /** Loads the images of the points in view (dataset indices) for close zoom; null clears. */
  async showThumbnails(indices: readonly number[] | null): Promise<void> {
    const ask = ++this.asks.thumbs;
    const bank = this.bank;
    if (!bank || !indices?.length) {
      this.thumbs = new Map();
      return;
    }
    try {
      const images = await bank.load(indices);
      if (ask === this.asks.thumbs) this.thumbs = new Map(indices.map((index, n) => [index, images[n]!.image]));
    } catch (e) {
      this.fail('Could not load the images in view', e);
    }
  }

  /** Decodes the interpolation strip's codes; null clears it. */
  async showStrip(codes: Float32Array | null): Promise<void> {
    const ask = ++this.asks.strip;
    const bank = this.bank;
    this.strip = null;
    if (!bank || !codes) return;
    try {
      const pictures = await bank.decode(codes);
      if (ask === this.asks.strip) this.strip = pictures;
    } catch (e) {
      this.fail('Could not decode the interpolation', e);
    }
  }

  private fail(what: string, error: unknown): void {
    this.error = `${what}: ${describeError(error)}`;
  }
}
