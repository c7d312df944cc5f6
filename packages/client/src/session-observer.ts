import { QueryObserver, type QueryClient, type QueryObserverOptions, type QueryObserverResult } from '@tanstack/query-core';
import type { HearthError, Session } from '@hearth/protocol';
import { Subscribable } from './subscribable.js';
import type { ReadableStore, SessionState } from './types.js';

/** The cache key of the session query: one per viewer. */
export type SessionQueryKey = readonly ['hearth', 'session', string | null];

/** Options of the session query. */
export type SessionQueryOptions = QueryObserverOptions<Session, HearthError, Session, Session, SessionQueryKey>;

/** What a SessionObserver needs from its client. */
export interface SessionHost {
  /** The shared cache. */
  readonly queryClient: QueryClient;
  /** Query options for the current viewer. */
  sessionOptions(): SessionQueryOptions;
  /** Calls `listener` when the viewer changes; returns the unsubscribe. */
  watchViewer(listener: () => void): () => void;
}

/**
 * The session as a store. It loads only while someone listens, since `client.session()`
 * hands out one shared instance that has no `destroy()` of its own.
 */
export class SessionObserver extends Subscribable<(state: SessionState) => void> implements ReadableStore<SessionState> {
  #host: SessionHost;
  #observer: QueryObserver<Session, HearthError, Session, Session, SessionQueryKey>;
  #state: SessionState = { status: 'pending', session: null, error: null };
  #stop: Array<() => void> = [];

  constructor(host: SessionHost) {
    super();
    this.#host = host;
    this.#observer = new QueryObserver(host.queryClient, host.sessionOptions());
  }

  /** The current state; the same object until something changes. */
  getSnapshot(): SessionState {
    if (!this.hasListeners()) {
      // Unobserved, the observer does not follow the cache, so read it afresh.
      const options = this.#host.queryClient.defaultQueryOptions(this.#host.sessionOptions());
      this.#set(this.#observer.getOptimisticResult(options));
    }
    return this.#state;
  }

  /** Stops loading and drops every listener. */
  destroy(): void {
    this.listeners.clear();
    this.onUnsubscribe();
  }

  protected override onSubscribe(): void {
    if (this.listeners.size !== 1) return;
    // The viewer may have changed while nobody listened.
    this.#observer.setOptions(this.#host.sessionOptions());
    this.#stop.push(
      this.#host.watchViewer(() => {
        this.#observer.setOptions(this.#host.sessionOptions());
        this.#notify(this.#observer.getCurrentResult());
      }),
      this.#observer.subscribe((result) => this.#notify(result)),
    );
    this.#notify(this.#observer.getCurrentResult());
  }

  protected override onUnsubscribe(): void {
    if (this.hasListeners()) return;
    for (const stop of this.#stop.splice(0)) stop();
  }

  #notify(result: QueryObserverResult<Session, HearthError>): void {
    if (!this.#set(result)) return;
    for (const listener of [...this.listeners]) listener(this.#state);
  }

  #set(result: QueryObserverResult<Session, HearthError>): boolean {
    const session = result.data ?? null;
    const status = session ? 'success' : result.status === 'error' ? 'error' : 'pending';
    const error = result.error ?? null;
    const previous = this.#state;
    if (previous.session === session && previous.status === status && previous.error === error) return false;
    this.#state = { status, session, error };
    return true;
  }
}
