import { HearthError, threadChannel, type Thread } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { callAdapter, holdChannel, ObservedQueryStore, retry, retryDelay, type LoadState, type LoadStore } from './observed-query.js';

/** A thread's header (its `commentCount` above all) as a count store holds it. */
export type ThreadCountState = LoadState<Thread>;

/** The prefix of every comment-count query; invalidating it refreshes every count badge. */
export const THREAD_COUNT_KEY = ['hearth', 'thread-count'] as const;

/**
 * Cache key of one thread's count: `['hearth', 'thread-count', threadKey]`. The count of
 * published comments is the same for every viewer, so no viewer id is part of it.
 */
export function threadCountQueryKey(threadKey: string): readonly unknown[] {
  return [...THREAD_COUNT_KEY, threadKey];
}

/**
 * A thread's comment count, for badges on listing pages. Every store of a thread shares
 * one cache entry, so twenty badges of one thread make one `getThread` call, and a page of
 * badges for different threads makes one call each, all started in the same tick. While
 * observed it follows `threadChannel(threadKey)` and reloads the count when a comment is
 * created or changes state (hidden, deleted, approved).
 *
 * @example
 * const count = threadCountStore(client, '/blog/hello');
 * const stop = count.subscribe(({ data }) => data && (badge.textContent = String(data.commentCount)));
 */
export function threadCountStore(client: CommunityClient, threadKey: string): LoadStore<Thread> {
  const key = checkThreadKey(threadKey);
  return new ObservedQueryStore<Thread>(
    client,
    () => {
      const viewer = client.viewer;
      return {
        queryKey: threadCountQueryKey(key),
        queryFn: ({ signal }) => callAdapter(client, () => client.adapter.getThread({ threadKey: key }, { viewer, signal })),
        staleTime: 30_000,
        retry,
        retryDelay,
      };
    },
    (c) => hold(c, key),
  );
}

// One reload per event however many badges show the thread.
function hold(client: CommunityClient, threadKey: string): () => void {
  return holdChannel(
    client,
    threadChannel(threadKey),
    (event) => {
      // A new comment, or one hidden, deleted or approved: the count may have moved. The event
      // cannot say by how much (a pending comment counts only once approved), so reload it.
      if (event.type === 'post.created' || event.type === 'post.updated') {
        void client.queryClient.invalidateQueries({ queryKey: threadCountQueryKey(threadKey) });
      }
    },
    'count',
  );
}

function checkThreadKey(threadKey: string): string {
  const key = threadKey?.trim();
  if (!key || key.length > 512) throw HearthError.validation('threadKey', 'A thread key is 1 to 512 characters.');
  return key;
}
