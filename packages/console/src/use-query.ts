import { QueryObserver, type QueryKey } from '@tanstack/query-core';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { HearthError } from '@hearth/protocol';
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
  const [state, setState] = useState(() => observer.getCurrentResult());
  useEffect(() => {
    setState(observer.getCurrentResult());
    return observer.subscribe(setState);
  }, [observer]);
  const error = state.error ? toError(state.error) : null;
  return { data: state.data, loading: state.isPending && state.fetchStatus !== 'idle', error, refetch: () => void observer.refetch() };
}

/** Reloads every read of this console session (after a write). */
export function invalidate(session: ConsoleSession, key: QueryKey = []): Promise<void> {
  return session.client.queryClient.invalidateQueries({ queryKey: ['console', session.community, ...key] });
}

/** A failure as something to show: a HearthError's message, else a generic one. */
export function toError(error: unknown): HearthError {
  return HearthError.is(error) ? error : new HearthError('internal', error instanceof Error ? error.message : 'Something went wrong.');
}
