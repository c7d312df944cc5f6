// The feed writes and realtime merges, loaded when first needed (see `lazyModule`); feed-store.ts documents the writes.
import type { InfiniteData } from '@tanstack/query-core';
import type { CommunityEvent, CreatePostInput, FeedPage, FeedPost, FeedSort, PostKind, ReactToPostInput, Viewer } from '@hearth/protocol';
import type { CommunityClient } from './community-client.js';
import { FEED_KEY, feedOf, insertTop, matches, owned } from './feed-store.js';
import { createIdempotencyKey } from './idempotency-key.js';
import { callAdapter as load } from './observed-query.js';

type Data = InfiniteData<FeedPage, string | null>;

export async function createFeedPost(
  client: CommunityClient,
  viewer: Viewer | null,
  input: Omit<CreatePostInput, 'idempotencyKey'> & { idempotencyKey?: string },
): Promise<FeedPost> {
  const idempotencyKey = input.idempotencyKey ?? createIdempotencyKey();
  const post = await load(client, () => feedOf(client).createPost({ ...input, idempotencyKey }, { viewer }));
  let mine = owned.get(client);
  if (!mine) owned.set(client, (mine = new Set()));
  mine.add(post.id);
  const queries = client.queryClient.getQueriesData<Data>({ queryKey: [...FEED_KEY, post.space] });
  for (const [key, data] of queries) {
    if (!data?.pages.length || key[6] !== (viewer?.id ?? null) || !matches(post, key[4] as string | null, key[5] as PostKind | null, key[3] as FeedSort)) continue;
    client.queryClient.setQueryData<Data>(key, insertTop(data, [post]));
  }
  void client.queryClient.invalidateQueries({ queryKey: [...FEED_KEY, post.space] });
  void client.queryClient.invalidateQueries({ queryKey: ['hearth', 'topics'] });
  return post;
}

export async function reactToFeedPost(client: CommunityClient, viewer: Viewer | null, input: ReactToPostInput): Promise<FeedPost> {
  const post = await load(client, () => feedOf(client).reactToPost(input, { viewer }));
  patchPosts(client, post.space, viewer?.id ?? null, (old) => (old.id === post.id ? post : old));
  return post;
}

/** Puts changes to posts already cached into every list of the space; new posts wait in the stores. */
export function merge(client: CommunityClient, space: string, event: CommunityEvent): void {
  if (event.type === 'feed.post.updated') {
    const next = event.post;
    let reorder = false;
    patchPosts(client, space, undefined, (old) => {
      if (old.id !== next.id) return old;
      if (next.status === 'deleted') return null;
      // A pin or a move changes where posts belong; hiding or holding, who may still read it.
      if (old.pinned !== next.pinned || next.space !== space || next.status !== old.status) reorder = true;
      // The public view: it blanks what only staff or the author may read, so that stays as cached until the reload.
      if (next.status !== 'published') return old;
      return { ...next, viewerReactions: old.viewerReactions };
    });
    // Only a reload can say.
    if (reorder) void client.queryClient.invalidateQueries({ queryKey: [...FEED_KEY, space] });
  } else if (event.type === 'feed.post.reaction') {
    const viewerId = client.viewer?.id;
    patchPosts(client, space, undefined, (old) => {
      if (old.id !== event.postId) return old;
      const reactions = { ...old.reactions, [event.emoji]: event.count };
      if (!event.count) delete reactions[event.emoji];
      let viewerReactions = old.viewerReactions;
      if (viewerId && event.memberId === viewerId) {
        viewerReactions = viewerReactions.filter((e) => e !== event.emoji);
        if (event.active) viewerReactions.push(event.emoji);
      }
      return { ...old, reactions, viewerReactions };
    });
  }
}

/** Applies `change` to every cached post of `space` seen by `viewerId` (null drops the post). */
export function patchPosts(client: CommunityClient, space: string, viewerId: string | null | undefined, change: (post: FeedPost) => FeedPost | null): void {
  for (const [key, data] of client.queryClient.getQueriesData<Data>({ queryKey: [...FEED_KEY, space] })) {
    if (!data || (viewerId !== undefined && key[6] !== viewerId)) continue;
    let changed = false;
    const pages = data.pages.map((page) => {
      const items: FeedPost[] = [];
      for (const post of page.items) {
        const next = change(post);
        if (next !== post) changed = true;
        if (next) items.push(next);
      }
      return changed ? { ...page, items } : page;
    });
    if (changed) client.queryClient.setQueryData<Data>(key, { ...data, pages });
  }
}

