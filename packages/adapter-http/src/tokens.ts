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
  /** The viewer the latest subscription named, whom the event stream acts as. */
  #listener: string | undefined;

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

  /** The token to send for `token`: its replacement once the host refreshed it. */
  current(token = this.#latest): string | undefined {
    return token === undefined ? undefined : (this.#replaced.get(token) ?? token);
  }

  /**
   * The token the event stream sends: that of the viewer the latest subscription named,
   * else the latest call's (or the adapter's `token`).
   */
  stream(): string | undefined {
    return this.current(this.#listener ?? this.#latest);
  }

  /** The event stream acts as this viewer from now on; true when that changes the token it sends. */
  listenAs(token: string): boolean {
    const before = this.stream();
    this.#listener = token;
    return this.stream() !== before;
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
