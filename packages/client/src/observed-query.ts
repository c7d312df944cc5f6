import { QueryObserver, type QueryObserverOptions, type QueryObserverResult } from '@tanstack/query-core';
import { HearthError, type AdapterCapabilities, type BackendAdapter } from '@hearth/protocol';
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

type Key = readonly unknown[];
type Options<T> = QueryObserverOptions<unknown, HearthError, T, unknown, Key>;

/**
 * A query-core observer that follows the cache (and, through `hold`, a realtime
 * channel) only while someone listens, so a widget that leaves the page leaves nothing
 * subscribed behind. Every store in the client but the comment client's own is one of
 * these; a store with its own state shape (a poll's `view`, a feed's arrivals) overrides
 * `derive`, and one that follows more than its query overrides `follow`.
 */
export class ObservedQueryStore<T, S extends object = GamificationState<T>> extends Subscribable<(state: S) => void> implements ReadableStore<S> {
  /** The client the store reads through. */
  protected readonly client: CommunityClient;
  /** The observer of the store's query (an infinite one for a feed). */
  protected readonly observer: QueryObserver<unknown, HearthError, T, unknown, Key>;
  #options: () => Options<T>;
  #hold: ((client: CommunityClient) => () => void) | null;
  #state: S | undefined;
  #stops: Array<() => void> = [];

  /**
   * @param options - Built again whenever listening starts and when the viewer changes (their id belongs in the key).
   * @param hold - Takes the realtime subscription this store needs while observed; returns its release.
   * @param observer - The observer to use, when not a plain `QueryObserver` of `options()`.
   */
  constructor(
    client: CommunityClient,
    options: () => QueryObserverOptions<T, HearthError, T, T, Key>,
    hold: ((client: CommunityClient) => () => void) | null = null,
    observer?: QueryObserver<never, HearthError, T, never, Key>,
  ) {
    super();
    this.client = client;
    this.#options = options as () => Options<T>;
    this.#hold = hold;
    this.observer = (observer ?? new QueryObserver(client.queryClient, options())) as QueryObserver<unknown, HearthError, T, unknown, Key>;
  }

  /** The current state; the same object until a field changes. */
  getSnapshot(): S {
    // Unobserved, nothing pushes: read what the cache holds now.
    if (!this.listeners.size || !this.#state) this.refresh(false);
    return this.#state!;
  }

  override subscribe(listener: (state: S) => void): () => void {
    const off = super.subscribe(listener);
    if (this.listeners.size === 1) this.#start();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      off();
      if (!this.listeners.size) for (const stop of this.#stops.splice(0)) stop();
    };
  }

  /** Reloads; failures land in `error`, never reject. */
  async refetch(): Promise<void> {
    await this.observer.refetch();
  }

  /** The state for the observer's `result`. */
  protected derive(result: QueryObserverResult<T, HearthError>): S {
    const data = result.data ?? null;
    return { status: data ? 'success' : result.status, data, error: result.error ?? null, isFetching: result.isFetching } as GamificationState<T> as S;
  }

  /** What the store follows while observed besides its query and the viewer; returns the releases. */
  protected follow(): Array<() => void> {
    return this.#hold ? [this.#hold(this.client)] : [];
  }

  /** Derives the state again and, when a field changed and `notify` is set, tells the listeners. */
  protected refresh(notify = true): void {
    // Unobserved, the observer does not follow the cache: ask what it would show now.
    const result = this.listeners.size
      ? this.observer.getCurrentResult()
      : this.observer.getOptimisticResult(this.client.queryClient.defaultQueryOptions(this.#options()));
    const next = this.derive(result);
    const previous = this.#state as Record<string, unknown> | undefined;
    if (previous && Object.entries(next).every(([key, value]) => previous[key] === value)) return;
    this.#state = next;
    if (notify) for (const listener of [...this.listeners]) listener(next);
  }

  #start(): void {
    // The viewer may have changed while nobody listened; their id is in the key.
    this.observer.setOptions(this.#options());
    this.#stops = [
      this.observer.subscribe(() => this.refresh()),
      this.client.subscribe((event) => {
        if (event.type !== 'viewer.changed') return;
        this.observer.setOptions(this.#options());
        this.refresh();
      }),
      ...this.follow(),
    ];
    this.refresh();
  }
}

/**
 * The adapter's optional `group` of methods when it declares `capability`; otherwise an
 * `unavailable` error marked `unsupported` (so never retried) saying that the backend `lacks` it.
 */
export function groupOf<G extends keyof BackendAdapter>(client: CommunityClient, capability: keyof AdapterCapabilities, group: G, lacks: string): NonNullable<BackendAdapter[G]> {
  const found = client.adapter.capabilities[capability] ? client.adapter[group] : undefined;
  if (!found) throw new HearthError('unavailable', `The ${client.adapter.name} backend ${lacks}.`, { unsupported: true });
  return found as NonNullable<BackendAdapter[G]>;
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
