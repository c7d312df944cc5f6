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
  /** Who the live subscriptions that named a viewer listen as, oldest first; the stream acts as the last. */
  #listeners: Array<{ token: string | undefined; guest: boolean }> = [];

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

  /** The token to send for `token`: its latest replacement once the host refreshed it (once or more). */
  current(token = this.#latest): string | undefined {
    // Bounded, in case a host handed back a token it had replaced before.
    for (let steps = 0; token !== undefined && this.#replaced.has(token) && steps <= this.#replaced.size; steps++) token = this.#replaced.get(token);
    return token;
  }

  /**
   * The token the event stream sends: that of the viewer the latest live subscription named
   * (none for a signed-out one), else the latest call's (or the adapter's `token`).
   */
  stream(): string | undefined {
    const named = this.#listeners.at(-1);
    const token = named ? named.token : this.#latest;
    return token === undefined ? undefined : this.current(token);
  }

  /** Whether the stream's token may be refreshed through the host: never a guest's. */
  get streamRefreshable(): boolean {
    return this.canRefresh && !this.#listeners.at(-1)?.guest;
  }

  /**
   * The event stream acts as `viewer` until the returned release is called (a later named
   * viewer takes over meanwhile). Both say whether the token the stream sends changed;
   * releasing twice changes nothing.
   */
  listenAs(viewer: { token?: string; role?: string } | null): { changed: boolean; release: () => boolean } {
    const before = this.stream();
    const entry = { token: viewer?.token, guest: viewer?.role === 'guest' };
    this.#listeners.push(entry);
    return {
      changed: this.stream() !== before,
      release: () => {
        const at = this.#listeners.indexOf(entry);
        if (at < 0) return false;
        const was = this.stream();
        this.#listeners.splice(at, 1);
        return this.stream() !== was;
      },
    };
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
