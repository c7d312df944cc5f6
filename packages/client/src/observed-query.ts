import { QueryObserver, type QueryObserverOptions, type QueryObserverResult } from '@tanstack/query-core';
import type { HearthError } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { Subscribable } from './subscribable.js';
export { holdChannel } from './hold-channel.js';
import { toHearthError } from './to-hearth-error.js';
import type { ReadableStore } from './types.js';

/** What a store over one gamification read holds. */
export interface GamificationState<T> {
  /** `error` only when there is nothing to show; a failed refresh keeps `success` and sets `error`. */
  status: 'pending' | 'success' | 'error';
  /** The data, or null until it loads. */
  data: T | null;
  /** The last load error, or null. */
  error: HearthError | null;
  /** True while a load is under way. */
  isFetching: boolean;
}

/** A gamification store: readable, and reloadable on demand (a Retry button, a disclosure opened). */
export interface GamificationStore<T> extends ReadableStore<GamificationState<T>> {
  /** Reloads; failures land in `error`, never reject. */
  refetch(): Promise<void>;
}

/**
 * A query-core observer that follows the cache (and, through `hold`, a realtime
 * channel) only while someone listens, so a widget that leaves the page leaves nothing
 * subscribed behind.
 */
export class ObservedQueryStore<T> extends Subscribable<(state: GamificationState<T>) => void> implements GamificationStore<T> {
  #client: CommunityClient;
  #options: () => QueryObserverOptions<T, HearthError, T, T, readonly unknown[]>;
  #observer: QueryObserver<T, HearthError, T, T, readonly unknown[]>;
  #hold: ((client: CommunityClient) => () => void) | null;
  #state: GamificationState<T>;
  #stops: Array<() => void> = [];

  /**
   * @param options - Built again whenever listening starts and when the viewer changes (their id belongs in the key).
   * @param hold - Takes the realtime subscription this store needs while observed; returns its release.
   */
  constructor(
    client: CommunityClient,
    options: () => QueryObserverOptions<T, HearthError, T, T, readonly unknown[]>,
    hold: ((client: CommunityClient) => () => void) | null = null,
  ) {
    super();
    this.#client = client;
    this.#options = options;
    this.#hold = hold;
    this.#observer = new QueryObserver(client.queryClient, options());
    this.#state = derive(this.#observer.getCurrentResult());
  }

  getSnapshot(): GamificationState<T> {
    // Unobserved, the observer does not push; read what the cache holds now.
    if (!this.listeners.size) this.#update(false);
    return this.#state;
  }

  override subscribe(listener: (state: GamificationState<T>) => void): () => void {
    const off = super.subscribe(listener);
    if (this.listeners.size === 1) this.#start();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      off();
      if (this.listeners.size === 0) this.#stop();
    };
  }

  async refetch(): Promise<void> {
    await this.#observer.refetch();
  }

  #start(): void {
    // The viewer may have changed while nobody listened; their id is in the key.
    this.#observer.setOptions(this.#options());
    this.#stops = [
      this.#observer.subscribe(() => this.#update()),
      this.#client.subscribe((event) => {
        if (event.type !== 'viewer.changed') return;
        this.#observer.setOptions(this.#options());
        this.#update();
      }),
    ];
    if (this.#hold) this.#stops.push(this.#hold(this.#client));
    this.#update();
  }

  #stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  #update(notify = true): void {
    const next = derive(this.#observer.getCurrentResult());
    const previous = this.#state as unknown as Record<string, unknown>;
    if (Object.entries(next).every(([key, value]) => previous[key] === value)) return;
    this.#state = next;
    if (notify) for (const listener of [...this.listeners]) listener(next);
  }
}

function derive<T>(result: QueryObserverResult<T, HearthError>): GamificationState<T> {
  const data = result.data ?? null;
  return { status: data ? 'success' : result.status, data, error: result.error ?? null, isFetching: result.isFetching };
}

/** Calls the adapter, turning whatever it throws into a HearthError. */
export async function callAdapter<T>(client: CommunityClient, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toHearthError(error, client.adapter.name);
  }
}

/** Retries a load twice, only for a backend that is unavailable rather than unable. */
export const retry = (failures: number, error: HearthError) => error.code === 'unavailable' && !error.details?.unsupported && failures < 2;
/** Backoff between retries: 1 s, 2 s, … at most 8 s. */
export const retryDelay = (attempt: number) => Math.min(500 * 2 ** attempt, 8000);


/** What any store over one read holds (the same shape for feed, Q&A, feedback and members). */
export type LoadState<T> = GamificationState<T>;
/** A store over one read: readable and reloadable. */
export type LoadStore<T> = GamificationStore<T>;
