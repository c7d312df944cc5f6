import { InfiniteQueryObserver, type InfiniteQueryObserverOptions, type InfiniteQueryObserverResult, type QueryClient } from '@tanstack/query-core';
import type { CommentPage, CommentSort, HearthError } from '@hearth/protocol';
import { deriveThread, type Reader } from './comment-tree.js';
import { Subscribable } from './subscribable.js';
import type { PendingWrite, ThreadData, ThreadState, ThreadStore } from './types.js';

/** The cache key of one thread query: thread, sort, viewer, page size. */
export type ThreadQueryKey = readonly ['hearth', 'thread', string, CommentSort, string | null, number | null];

/** Options of the one infinite query behind every store for a thread and sort. */
export type ThreadQueryOptions = InfiniteQueryObserverOptions<
  CommentPage,
  HearthError,
  ThreadData,
  ThreadQueryKey,
  string | null
>;

/** What a ThreadObserver needs from its client, kept apart so the client's public API stays small. */
export interface ThreadHost {
  /** The shared cache. */
  readonly queryClient: QueryClient;
  /** Query options for the current viewer. */
  threadOptions(threadKey: string, sort: CommentSort, pageSize: number | null): ThreadQueryOptions;
  /** Who is looking now. */
  reader(): Reader;
  /** The thread's unconfirmed writes, a new array whenever they change. */
  writes(threadKey: string): readonly PendingWrite[];
  /** Keeps realtime for the thread alive and calls `onChange` when writes or the viewer change; returns the release. */
  retain(threadKey: string, store: { onChange(): void; destroy(): void }): () => void;
}

type Result = InfiniteQueryObserverResult<ThreadData, HearthError>;

/**
 * A live, framework-agnostic view of one thread in one sort: the shared infinite query
 * with the client's unconfirmed writes laid over it.
 */
export class ThreadObserver extends Subscribable<(state: ThreadState) => void> implements ThreadStore {
  /** The thread this store shows. */
  readonly threadKey: string;
  /** The order of top-level comments. */
  readonly sort: CommentSort;
  #host: ThreadHost;
  #pageSize: number | null;
  #observer: InfiniteQueryObserver<CommentPage, HearthError, ThreadData, ThreadQueryKey, string | null>;
  #state: ThreadState;
  #inputs: { data: ThreadData | undefined; writes: readonly PendingWrite[]; reader: Reader } | null = null;
  #stop: Array<() => void> = [];
  #destroyed = false;

  constructor(host: ThreadHost, threadKey: string, sort: CommentSort, pageSize: number | null) {
    super();
    this.#host = host;
    this.threadKey = threadKey;
    this.sort = sort;
    this.#pageSize = pageSize;
    this.#observer = new InfiniteQueryObserver(host.queryClient, host.threadOptions(threadKey, sort, pageSize));
    this.#state = this.#derive(this.#observer.getCurrentResult());
    this.#stop.push(
      host.retain(threadKey, { onChange: () => this.#onHostChange(), destroy: () => this.destroy() }),
      this.#observer.subscribe((result) => this.#update(result)),
    );
    this.#update(this.#observer.getCurrentResult());
  }

  /** The current state; the same object until something changes. */
  getSnapshot(): ThreadState {
    return this.#state;
  }

  /** Loads the next page of top-level comments; failures land in `error`. */
  async fetchNextPage(): Promise<void> {
    const result = this.#observer.getCurrentResult();
    if (this.#destroyed || !result.hasNextPage || result.isFetchingNextPage) return;
    // Two stores share the query, so a second click must join the running fetch, not restart it.
    await this.#observer.fetchNextPage({ cancelRefetch: false });
  }

  /** Reloads every loaded page; failures land in `error`. */
  async refetch(): Promise<void> {
    if (this.#destroyed) return;
    await this.#observer.refetch();
  }

  /** Stops listening to realtime and the cache. Safe to call twice. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const stop of this.#stop.splice(0)) stop();
    this.listeners.clear();
  }

  #onHostChange(): void {
    if (this.#destroyed) return;
    // The viewer is part of the query key, so a new viewer means a different query.
    this.#observer.setOptions(this.#host.threadOptions(this.threadKey, this.sort, this.#pageSize));
    this.#update(this.#observer.getCurrentResult());
  }

  #update(result: Result): void {
    if (this.#destroyed) return;
    const next = this.#derive(result);
    if (next === this.#state) return;
    this.#state = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  #derive(result: Result): ThreadState {
    const previous = this.#state as ThreadState | undefined;
    const inputs = { data: result.data, writes: this.#host.writes(this.threadKey), reader: this.#host.reader() };
    const same =
      previous !== undefined &&
      this.#inputs !== null &&
      this.#inputs.data === inputs.data &&
      this.#inputs.writes === inputs.writes &&
      this.#inputs.reader === inputs.reader;
    this.#inputs = inputs;
    const tree = same
      ? { thread: previous.thread, comments: previous.comments }
      : inputs.data && inputs.data.pages.length > 0
        ? deriveThread(inputs.data, inputs.writes, this.sort, inputs.reader)
        : null;
    const state: ThreadState = {
      status: tree?.thread ? 'success' : result.status === 'error' ? 'error' : 'pending',
      thread: tree?.thread ?? null,
      comments: tree?.comments ?? [],
      error: result.error ?? null,
      hasNextPage: result.hasNextPage,
      isFetchingNextPage: result.isFetchingNextPage,
      isFetching: result.isFetching,
    };
    if (
      previous &&
      same &&
      previous.status === state.status &&
      previous.error === state.error &&
      previous.hasNextPage === state.hasNextPage &&
      previous.isFetchingNextPage === state.isFetchingNextPage &&
      previous.isFetching === state.isFetching
    ) {
      return previous;
    }
    return state;
  }
}
