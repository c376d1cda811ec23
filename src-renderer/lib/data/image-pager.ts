/**
 * Fetches a dataset's images page by page for the virtual grid: only pages that hold visible
 * images are asked for, each once (concurrent asks share a request), and at most `maxPages`
 * are kept, the least recently used dropped first.
 */

/** One fetched page: `count` images from `offset`, uint8 row-major. */
export interface ImagePage {
  offset: number;
  count: number;
  indices: Int32Array;
  labels: Uint8Array | null;
  images: Uint8Array;
}

export type FetchPage = (offset: number, limit: number) => Promise<ImagePage>;

export class ImagePager {
  private readonly pages = new Map<number, ImagePage>();
  private readonly pending = new Map<number, Promise<ImagePage>>();

  constructor(
    private readonly fetchPage: FetchPage,
    /** images per page */
    readonly pageSize: number,
    private readonly maxPages = 64,
    /** called when a page has arrived, so a view redraws without waiting for the rest */
    private readonly onPage: () => void = () => undefined,
  ) {}

  /** The page holding image `position`, if fetched. */
  pageAt(position: number): ImagePage | undefined {
    const page = this.pages.get(Math.floor(position / this.pageSize));
    return page;
  }

  /** Pages (numbers) covering positions [from, to). */
  pagesFor(from: number, to: number): number[] {
    if (to <= from) return [];
    const out: number[] = [];
    for (let p = Math.floor(from / this.pageSize); p <= Math.floor((to - 1) / this.pageSize); p++) out.push(p);
    return out;
  }

  /** Fetches the pages covering [from, to) that are not here yet; resolves when all are. */
  async ensure(from: number, to: number): Promise<void> {
    const wanted = this.pagesFor(from, to);
    for (const p of wanted) this.touch(p);
    await Promise.all(wanted.filter((p) => !this.pages.has(p)).map((p) => this.load(p)));
  }

  /** Pages held, for tests and the grid's data-pages hook. */
  get size(): number {
    return this.pages.size;
  }

  private touch(p: number): void {
    const page = this.pages.get(p);
    if (!page) return;
    // a Map keeps insertion order: re-inserting makes it the most recent
    this.pages.delete(p);
    this.pages.set(p, page);
  }

  private load(p: number): Promise<ImagePage> {
    let pending = this.pending.get(p);
    if (!pending) {
      pending = this.fetchPage(p * this.pageSize, this.pageSize).then(
        (page) => {
          this.pending.delete(p);
          this.pages.set(p, page);
          while (this.pages.size > this.maxPages) this.pages.delete(this.pages.keys().next().value!);
          this.onPage();
          return page;
        },
        (error: unknown) => {
          this.pending.delete(p);
          throw error;
        },
      );
      this.pending.set(p, pending);
    }
    return pending;
  }
}
