import { InfiniteQueryObserver, QueryObserver, type InfiniteData, type QueryKey } from '@tanstack/query-core';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { toHearthError } from '@hearth/client';
import { HearthError, type Page } from '@hearth/protocol';
import type { ConsoleSession } from './session.js';

/** What a view shows of one read: the data, whether it is loading, and the error to show. */
export interface QueryView<T> {
  data: T | undefined;
  loading: boolean;
  error: HearthError | null;
  refetch: () => void;
}

/**
 * One read through the session's client cache (query-core): de-duplicated, kept while fresh,
 * refetched when `key` changes or a write invalidates it (`session.client.queryClient`).
 */
export function useQuery<T>(session: ConsoleSession, key: QueryKey, read: () => Promise<T>): QueryView<T> {
  const queryClient = session.client.queryClient;
  const hash = JSON.stringify(key);
  const observer = useMemo(
    () => new QueryObserver<T, unknown>(queryClient, { queryKey: ['console', session.community, ...key], queryFn: read, retry: false, staleTime: 10_000 }),
    [queryClient, hash],
  );
  const state = useObserved(observer);
  const error = state.error ? toError(state.error) : null;
  return { data: state.data, loading: state.isPending && state.fetchStatus !== 'idle', error, refetch: () => void observer.refetch() };
}

/** What a view shows of a list read a page at a time: the items so far, and the way to more. */
export interface InfiniteQueryView<T> {
  /** Every page's items in order, each once; undefined until the first page is in. */
  items: T[] | undefined;
  loading: boolean;
  error: HearthError | null;
  /** Whether the last page named a `nextCursor`. */
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}

/** How an infinite read differs from the default: fresher, or reloading itself. */
export interface InfiniteQueryOptions<T> {
  /** How long a read stays fresh, in ms (10 s unless given). */
  staleTime?: number;
  /** How soon to reload every page, given the pages shown, in ms. */
  refetchInterval?: (pages: ReadonlyArray<Page<T>>) => number;
}

/**
 * A list read a page at a time through `nextCursor`, cached under `key` like `useQuery`. An
 * infinite query, so a reload after a write refetches every page shown along the cursors it
 * gets back (no gaps when new items push older ones down), and loading more keeps what is on
 * screen. Items that pages repeat (the list moved between two loads) show once, by `idOf`.
 *
 * @example
 * const log = useInfiniteQuery(session, ['moderation', 'audit', filter], (cursor) => moderation.listAudit({ ...filter, ...(cursor ? { cursor } : {}) }, ctx), (entry) => entry.id);
 */
export function useInfiniteQuery<T>(
  session: ConsoleSession,
  key: QueryKey,
  read: (cursor: string | null) => Promise<Page<T>>,
  idOf: (item: T) => string,
  options: InfiniteQueryOptions<T> = {},
): InfiniteQueryView<T> {
  const queryClient = session.client.queryClient;
  const hash = JSON.stringify(key);
  const { staleTime = 10_000, refetchInterval } = options;
  const observer = useMemo(
    () =>
      new InfiniteQueryObserver<Page<T>, unknown, InfiniteData<Page<T>, string | null>, QueryKey, string | null>(queryClient, {
        queryKey: ['console', session.community, ...key],
        queryFn: ({ pageParam }) => read(pageParam),
        initialPageParam: null,
        getNextPageParam: (last) => last.nextCursor,
        retry: false,
        staleTime,
        ...(refetchInterval ? { refetchInterval: (query) => refetchInterval(query.state.data?.pages ?? []) } : {}),
      }),
    [queryClient, hash],
  );
  const state = useObserved(observer);
  const seen = new Set<string>();
  const items = (state.data?.pages ?? []).flatMap((page) => page.items).filter((item) => !seen.has(idOf(item)) && (seen.add(idOf(item)), true));
  return {
    items: state.data ? items : undefined,
    loading: state.isPending && state.fetchStatus !== 'idle',
    error: state.error ? toError(state.error) : null,
    hasMore: state.hasNextPage,
    loadingMore: state.isFetchingNextPage,
    loadMore: () => void observer.fetchNextPage(),
  };
}

/** An observer's current result, followed for as long as the component shows it. */
function useObserved<R>(observer: { getCurrentResult(): R; subscribe(listener: (result: R) => void): () => void }): R {
  const [state, setState] = useState(() => observer.getCurrentResult());
  useEffect(() => {
    setState(observer.getCurrentResult());
    return observer.subscribe(setState);
  }, [observer]);
  return state;
}

/** A write run from a button or a form: whether it is under way, and how it last failed. */
export interface Action {
  busy: boolean;
  error: HearthError | null;
  /**
   * Runs `write` unless one is under way: clears the error, and once `write` has resolved
   * reloads the reads the action was made for. A failure of either becomes `error`.
   */
  run: (write: () => Promise<void>) => Promise<void>;
  /** Shows an error found before writing (a form's own check), or clears the one shown. */
  setError: (error: HearthError | null) => void;
}

/**
 * The busy and error state around the writes of one part of a view; each write reloads the
 * reads under `key` (as `invalidate`), so what it changed shows.
 *
 * @example
 * const { busy, error, run } = useAction(session, ['webhooks']);
 * const again = () =>
 *   run(async () => {
 *     await hooks.retryWebhookDelivery({ id }, ctx);
 *   });
 */
export function useAction(session: ConsoleSession, key: QueryKey): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HearthError | null>(null);
  const run = async (write: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await write();
      await invalidate(session, key);
    } catch (failure) {
      setError(toError(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, setError };
}

/** Reloads every read of this console session (after a write). */
export function invalidate(session: ConsoleSession, key: QueryKey = []): Promise<void> {
  return session.client.queryClient.invalidateQueries({ queryKey: ['console', session.community, ...key] });
}

/** A failure as something to show: a HearthError as it came, anything else mapped as the client does. */
export function toError(error: unknown): HearthError {
  // The client's own mapping: a network failure is `unavailable`, anything else unexpected `internal`.
  return toHearthError(error, 'http');
}

/**
 * Keeps the reads under `key` live: while the view shows, every event on `channel` (the
 * server's realtime stream, `inboxChannel()` or `moderationChannel()`) reloads them, a burst
 * of events at most once per `settleMs`. Adapters without realtime leave the view to Refresh.
 *
 * @example
 * useLive(session, inboxChannel(), ['inbox']);
 */
export function useLive(session: ConsoleSession, channel: string, key: QueryKey, settleMs = 250): void {
  const hash = JSON.stringify(key);
  useEffect(() => {
    const { adapter, viewer } = session.client;
    if (!adapter.capabilities.realtime) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = adapter.subscribe(
      channel,
      () => {
        timer ??= setTimeout(() => {
          timer = undefined;
          void invalidate(session, key);
        }, settleMs);
      },
      { viewer },
    );
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [session, channel, hash]);
}
