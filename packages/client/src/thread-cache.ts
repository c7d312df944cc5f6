import type { CommentSort, Post } from '@hearth/protocol';
import type { ThreadData } from './types.js';

/*
 * Pure edits of a cached thread. Each one is idempotent and leaves the input untouched,
 * because the client re-applies them onto data from a fetch that was already in flight
 * when they first happened (see CacheWriter#write).
 */

/** Published comments are the ones `thread.commentCount` counts. */
export const counts = (post: Post | undefined): number => (post?.status === 'published' ? 1 : 0);

/** The post with `id` in any loaded page. */
export function findCachedPost(data: ThreadData, id: string): Post | undefined {
  for (const page of data.pages) for (const post of [...page.items, ...page.replies, ...(page.unplaced ?? [])]) if (post.id === id) return post;
  return undefined;
}

/**
 * How `upsertPost` adds a post it does not find: `'own'` for the viewer's new comment,
 * which always shows, since people expect to see what they posted; `'live'` for someone
 * else's, which shows only where the sort puts it among the loaded pages; `false` not at all.
 */
export type Insert = false | 'own' | 'live';

/**
 * Replaces the post with the same id, or adds it as `insert` says where the sort shows a
 * new comment: first for `newest`, after the loaded ones otherwise, and a reply after its
 * siblings (left out when its parent is not loaded, having nowhere to show).
 *
 * Under `oldest` and `top`, a new top-level comment belongs on the last page, so while
 * more pages remain it is left for paging to bring in its place (only the count moves);
 * appending it would show it above older comments not yet loaded. The viewer's own goes
 * to the last loaded page's `unplaced` instead, which the tree shows after the loaded
 * comments and drops once a page has it.
 *
 * A post from a realtime event is written for nobody in particular: it carries no
 * `viewerReactions`, and a body and reactions only an anonymous reader may see. The
 * cached ones are kept where the event withholds them.
 */
export function upsertPost(data: ThreadData, post: Post, sort: CommentSort, insert: Insert, fromEvent: boolean): ThreadData {
  const previous = findCachedPost(data, post.id);
  if (previous) {
    const withheld = fromEvent && post.body === '' && post.status !== 'deleted';
    const next = fromEvent
      ? {
          ...post,
          body: withheld ? previous.body : post.body,
          reactions: withheld ? previous.reactions : post.reactions,
          viewerReactions: previous.viewerReactions,
        }
      : post;
    return withCount(mapPosts(data, (p) => (p.id === post.id ? next : p)), counts(post) - counts(previous), post);
  }
  const { parentId } = post;
  if (!insert) return data;
  const pages = data.pages.slice();
  const index =
    parentId !== null ? pages.findIndex((page) => page.items.concat(page.replies, page.unplaced ?? []).some((p) => p.id === parentId)) : sort === 'newest' ? 0 : pages.length - 1;
  const page = pages[index];
  if (!page) return data;
  if (parentId === null && sort !== 'newest' && page.nextCursor !== null) {
    if (insert === 'live') return withCount(data, counts(post), post);
    pages[index] = { ...page, unplaced: [...(page.unplaced ?? []), post] };
  } else if (parentId === null) pages[index] = { ...page, items: sort === 'newest' ? [post, ...page.items] : [...page.items, post] };
  else {
    const bump = (p: Post): Post => (p.id === parentId ? { ...p, replyCount: p.replyCount + counts(post) } : p);
    pages[index] = { ...page, items: page.items.map(bump), replies: [...page.replies.map(bump), post] };
  }
  return withCount({ ...data, pages }, counts(post), post);
}

/**
 * Sets the total for one emoji on one post, and the viewer's own state when the reaction
 * was theirs. Totals come from the backend, so they are set, never added to.
 */
export function setReaction(
  data: ThreadData,
  change: { postId: string; emoji: string; count: number; memberId: string; active: boolean },
  viewerId: string | null,
): ThreadData {
  if (!findCachedPost(data, change.postId)) return data;
  return mapPosts(data, (post) => {
    if (post.id !== change.postId) return post;
    const reactions = { ...post.reactions, [change.emoji]: change.count };
    if (change.count <= 0) delete reactions[change.emoji];
    let viewerReactions = post.viewerReactions;
    if (change.memberId === viewerId) {
      viewerReactions = viewerReactions.filter((e) => e !== change.emoji);
      if (change.active) viewerReactions.push(change.emoji);
    }
    return { ...post, reactions, viewerReactions };
  });
}

function mapPosts(data: ThreadData, fn: (post: Post) => Post): ThreadData {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map(fn),
      replies: page.replies.map(fn),
      ...(page.unplaced && { unplaced: page.unplaced.map(fn) }),
    })),
  };
}

/** Moves the count by `delta` on every page, and names the thread once its first comment exists. */
function withCount(data: ThreadData, delta: number, post: Post): ThreadData {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      thread: {
        ...page.thread,
        id: page.thread.id ?? post.threadId,
        createdAt: page.thread.createdAt ?? post.createdAt,
        commentCount: Math.max(0, page.thread.commentCount + delta),
      },
    })),
  };
}
