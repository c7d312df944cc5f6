import type { Query, QueryCacheNotifyEvent } from '@tanstack/query-core';
import type { CommentSort, CommunityEvent, Post } from '@hearth/protocol';
import { readable, type Reader } from './comment-tree.js';
import type { CommunityClient } from './community-client.js';
import { findCachedPost, setReaction, upsertPost } from './thread-cache.js';
import type { ThreadData } from './types.js';

/** A pure edit of a cached thread (see thread-cache.ts); the sort is the query's. */
export type Patch = (data: ThreadData, sort: CommentSort) => ThreadData;

/**
 * Everything that writes into the cached threads: confirmed writes and realtime events.
 * Loaded with the write code, on the first write or realtime event, since a reader of a
 * quiet thread needs none of it; the client queues events until it is in.
 */
export class CacheWriter {
  #client: CommunityClient;
  /** Per query hash: patches to apply again once the fetch in flight lands. */
  #queued = new Map<string, Patch[]>();
  /** Ids of others' new top-level comments, which some sorts leave for paging to bring in. */
  #leftOut = new Set<string>();

  constructor(client: CommunityClient) {
    this.#client = client;
  }

  /**
   * Applies `patch` to every cached sort of the thread for this viewer. A fetch already in
   * flight would overwrite the change with older data, so the patch is kept and applied
   * again when that fetch ends.
   */
  write(threadKey: string, patch: Patch): void {
    for (const query of this.#queries(threadKey)) {
      const data = query.state.data as ThreadData | undefined;
      if (data) this.#client.queryClient.setQueryData(query.queryKey, patch(data, query.queryKey[3] as CommentSort));
      if (query.state.fetchStatus !== 'idle') this.#queued.set(query.queryHash, [...(this.#queued.get(query.queryHash) ?? []), patch]);
    }
  }

  /** Follows the cache for thread queries: a landed fetch takes the patches queued for it. */
  follow({ type, query }: QueryCacheNotifyEvent): void {
    const queued = this.#queued.get(query.queryHash);
    if (type === 'removed') this.#queued.delete(query.queryHash);
    if (type !== 'updated' || !queued || query.state.fetchStatus !== 'idle') return;
    this.#queued.delete(query.queryHash);
    const data = query.state.data as ThreadData | undefined;
    const key = query.queryKey;
    if (data) this.#client.queryClient.setQueryData(key, queued.reduce((d, patch) => patch(d, key[3] as CommentSort), data));
  }

  /**
   * Merges one realtime event into the cached thread; returns the post when it is the
   * viewer's own new comment, whose placeholder may now give way.
   */
  merge(threadKey: string, event: CommunityEvent, reader: Reader): Post | undefined {
    if (event.type === 'reaction.changed') {
      this.write(threadKey, (data) => setReaction(data, event, reader.viewerId));
      return;
    }
    // Newer adapters may send events this client does not know; ignoring them is safe.
    if (event.type !== 'post.created' && event.type !== 'post.updated') return;
    const { post } = event;
    const created = event.type === 'post.created';
    // An update to a comment this viewer has not loaded but may now read (unhidden,
    // approved) has no place in the cached pages yet; reloading puts it where the sort does.
    // Others' new comments left for paging (see upsertPost) arrive fresh with their page.
    if (!created && !this.cachedPost(threadKey, post.id) && !this.#leftOut.has(post.id) && readable(post, reader)) {
      void this.#client.queryClient.invalidateQueries({ queryKey: ['hearth', 'thread', threadKey] });
      return;
    }
    const own = created && post.author.id === reader.viewerId;
    if (created && !own && post.parentId === null) this.#leftOut.add(post.id);
    this.write(threadKey, (data, sort) => upsertPost(data, post, sort, own ? 'own' : created && 'live', true));
    return own ? post : undefined;
  }

  /** The post as cached for the current viewer, in whichever sort has it. */
  cachedPost(threadKey: string, postId: string): Post | undefined {
    for (const query of this.#queries(threadKey)) {
      const data = query.state.data as ThreadData | undefined;
      const post = data && findCachedPost(data, postId);
      if (post) return post;
    }
    return undefined;
  }

  /** The cached thread queries of the current viewer. */
  #queries(threadKey: string): Query[] {
    const viewerId = this.#client.viewer?.id ?? null;
    return this.#client.queryClient
      .getQueryCache()
      .findAll({ queryKey: ['hearth', 'thread', threadKey], predicate: (query) => query.queryKey[4] === viewerId });
  }
}
