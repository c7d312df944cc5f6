/**
 * A module the leaderboard downloads only when needed, shared by every leaderboard on the
 * page: once it is in, `value` holds it, so a widget mounted later renders it at once.
 */
export class Lazy<T> {
  /** The module, once downloaded. */
  value: T | undefined;
  #pending: Promise<T> | undefined;

  /** @param importer Downloads the module (a test swaps it for one that fails, as a network would). */
  constructor(public importer: () => Promise<T>) {}

  /** The module: downloaded once, and again on the next call after a failed download. */
  load(): Promise<T> {
    if (this.value) return Promise.resolve(this.value);
    return (this.#pending ??= this.importer()
      .then((value) => (this.value = value))
      .finally(() => (this.#pending = undefined)));
  }
}

/** The board (tabs, rows, check-in, the rules' disclosure), downloaded beside the first data. */
export const lazyBoard = new Lazy(() => import('./board.js'));

/**
 * The badge catalogue (names and criteria in every language): with a non-English table from
 * the first requests on, else on the first intent for the English criteria tooltips.
 */
export const lazyCatalogue = new Lazy(() => import('./catalogue.js'));
