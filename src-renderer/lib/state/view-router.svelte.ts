/** Which view the shell shows, kept in the URL hash so a reload stays on it. */

/** Chooses among a fixed list of view ids. */
export class ViewRouter {
  /** the view on screen */
  current = $state('');

  constructor(
    /** the ids of the views that exist, first is the default */
    readonly ids: readonly string[],
    hash = '',
  ) {
    this.current = this.#fromHash(hash) ?? ids[0] ?? '';
  }

  /** Shows view `id`; unknown ids are ignored so a stale link cannot blank the page. */
  select(id: string): void {
    if (this.ids.includes(id)) this.current = id;
  }

  /** Follows a hash change (back/forward, edited URL). */
  followHash(hash: string): void {
    const id = this.#fromHash(hash);
    if (id) this.current = id;
  }

  /** The hash that names the current view. */
  get hash(): string {
    return `#/${this.current}`;
  }

  #fromHash(hash: string): string | null {
    const id = hash.replace(/^#\/?/, '');
    return this.ids.includes(id) ? id : null;
  }
}
