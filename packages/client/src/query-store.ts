import type { InfiniteQueryObserver } from '@tanstack/query-core';
import { Subscribable } from './subscribable.js';
import type { ReadableStore } from './types.js';

/** What a store needs of its query-core observer, whatever the observer's type parameters. */
interface Observer {
  getCurrentResult(): object;
  subscribe(listener: () => void): () => void;
  setOptions(options: never): void;
  refetch(): Promise<unknown>;
}

/**
 * A query-core observer as a framework-agnostic store: its result, turned into state by
 * `derive`, kept as the same object until a field changes. The session store and every
 * thread store are one of these.
 */
export class QueryStore<T extends object> extends Subscribable<(state: T) => void> implements ReadableStore<T> {
  #observer: Observer;
  #options: () => never;
  #derive: () => T;
  #state: T;
  #stop: Array<() => void>;

  /**
   * Follows `observer` at once. `derive` reads its current result; `options` are read again
   * on `refresh()`; `stop` runs on `destroy()`, next to unsubscribing from it.
   */
  constructor(observer: Observer, options: () => unknown, derive: () => T, stop: Array<() => void> = []) {
    super();
    this.#observer = observer;
    this.#options = options as () => never;
    this.#derive = derive;
    this.#state = derive();
    this.#stop = [...stop, observer.subscribe(() => this.refresh(false))];
  }

  /** The current state; the same object until something changes. */
  getSnapshot(): T {
    return this.#state;
  }

  /** Re-reads the options (the viewer is in the query key) unless told not to, and re-derives the state. */
  refresh(options = true): void {
    if (options) this.#observer.setOptions(this.#options());
    const next = this.#derive();
    const previous = this.#state as Record<string, unknown>;
    if (Object.entries(next).every(([key, value]) => previous[key] === value)) return;
    this.#state = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  /** Loads the next page of an infinite query; failures land in `error`, never reject. */
  async fetchNextPage(): Promise<void> {
    const { hasNextPage, isFetchingNextPage } = this.#observer.getCurrentResult() as { hasNextPage?: boolean; isFetchingNextPage?: boolean };
    // Two stores share the query, so a second click must join the running fetch, not restart it.
    if (hasNextPage && !isFetchingNextPage) await (this.#observer as unknown as InfiniteQueryObserver).fetchNextPage({ cancelRefetch: false });
  }

  /** Reloads what is loaded; failures land in `error`, never reject. */
  async refetch(): Promise<void> {
    await this.#observer.refetch();
  }

  /** Stops following the cache and realtime; the store stays at its last value. Safe to call twice. */
  destroy(): void {
    for (const stop of this.#stop.splice(0)) stop();
    this.listeners.clear();
  }
}
