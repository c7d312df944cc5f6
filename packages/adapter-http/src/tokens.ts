/**
 * Which bearer token to send. A viewer's own token wins over the adapter's `token`; once
 * the host has refreshed an expired token, its replacement is sent in its place, so calls
 * still carrying the old viewer do not each hit a 401 first.
 */
export class Tokens {
  #fallback: string | undefined;
  #refresh: (() => Promise<string | null>) | undefined;
  #replaced = new Map<string, string>();
  #pending = new Map<string, Promise<string | null>>();
  #latest: string | undefined;

  constructor(fallback: string | undefined, refresh: (() => Promise<string | null>) | undefined) {
    this.#fallback = fallback;
    this.#refresh = refresh;
    this.#latest = fallback;
  }

  /** The token for a call made with this viewer token; also what the event stream sends next. */
  pick(viewerToken: string | undefined): string | undefined {
    const token = viewerToken ?? this.#fallback;
    this.#latest = token;
    return this.current(token);
  }

  /**
   * The token of the latest call, for the event stream: `subscribe` has no viewer of its
   * own, so it acts as whoever called last (or the adapter's `token`).
   */
  current(token = this.#latest): string | undefined {
    return token === undefined ? undefined : (this.#replaced.get(token) ?? token);
  }

  /** True when the host can hand out a new token. */
  get canRefresh(): boolean {
    return this.#refresh !== undefined;
  }

  /**
   * Asks the host for a token to replace `stale`; calls that fail together share one ask.
   * Resolves null when the host has none or its callback fails.
   */
  refresh(stale: string): Promise<string | null> {
    let pending = this.#pending.get(stale);
    if (!pending) {
      pending = Promise.resolve()
        .then(() => this.#refresh?.() ?? null)
        .catch(() => null)
        .then((fresh) => {
          this.#pending.delete(stale);
          if (fresh) this.#replaced.set(stale, fresh);
          return fresh || null;
        });
      this.#pending.set(stale, pending);
    }
    return pending;
  }
}
