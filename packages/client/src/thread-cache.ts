import type { CommentPage, CommentSort, Post } from '@hearth/protocol';
import type { ThreadData } from './types.js';

/*
 * Pure edits of a cached thread. Each one is idempotent and leaves the input untouched,
 * because the client re-applies them onto data from a fetch that was already in flight
 * when they first happened (see CommunityClient#writeThread).
 */

/** Published comments are the ones `thread.commentCount` counts. */
export function counts(post: Post | undefined): number {
  return post?.status === 'published' ? 1 : 0;
}

/** Options for `upsertPost`. */
export interface UpsertOptions {
  /** Add the post when it is not cached yet (a create), or only replace (an update). */
  insert: boolean;
  /**
   * The post came from a realtime event, which is written for nobody in particular: it
   * carries no `viewerReactions`, and a body and reactions only an anonymous reader may
   * see. Keep the cached ones where the event withholds them.
   */
  fromEvent: boolean;
}

/**
 * Replaces the post with the same id, or adds it where the sort would show a new comment:
 * first for `newest`, after the loaded ones otherwise, and a reply after its siblings.
 * A reply whose parent is not loaded is left out, since there is nowhere to show it.
 */
export function upsertPost(data: ThreadData, post: Post, sort: CommentSort, options: UpsertOptions): ThreadData {
  let previous: Post | undefined;
  const swap = (cached: Post): Post => {
    if (cached.id !== post.id) return cached;
    previous ??= cached;
    if (!options.fromEvent) return post;
    const withheld = post.body === '' && post.status !== 'deleted';
    return {
      ...post,
      body: withheld ? cached.body : post.body,
      reactions: withheld ? cached.reactions : post.reactions,
      viewerReactions: cached.viewerReactions,
    };
  };
  const replaced = data.pages.map((page) => {
    if (!page.items.some((p) => p.id === post.id) && !page.replies.some((p) => p.id === post.id)) return page;
    return { ...page, items: page.items.map(swap), replies: page.replies.map(swap) };
  });
  if (previous) return withCount({ ...data, pages: replaced }, counts(post) - counts(previous), post);
  if (!options.insert || data.pages.length === 0) return data;

  const pages = data.pages.slice();
  if (post.parentId === null) {
    const index = sort === 'newest' ? 0 : pages.length - 1;
    const page = pages[index]!;
    pages[index] = { ...page, items: sort === 'newest' ? [post, ...page.items] : [...page.items, post] };
  } else {
    const index = pages.findIndex((page) => findPost(page, post.parentId!) !== undefined);
    if (index === -1) return data;
    const page = pages[index]!;
    const bump = (p: Post): Post => (p.id === post.parentId && counts(post) ? { ...p, replyCount: p.replyCount + 1 } : p);
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
  const apply = (post: Post): Post => {
    if (post.id !== change.postId) return post;
    const reactions = { ...post.reactions };
    if (change.count > 0) reactions[change.emoji] = change.count;
    else delete reactions[change.emoji];
    let viewerReactions = post.viewerReactions;
    if (viewerId !== null && change.memberId === viewerId) {
      viewerReactions = viewerReactions.filter((e) => e !== change.emoji);
      if (change.active) viewerReactions.push(change.emoji);
    }
    return { ...post, reactions, viewerReactions };
  };
  const pages = data.pages.map((page) =>
    findPost(page, change.postId) ? { ...page, items: page.items.map(apply), replies: page.replies.map(apply) } : page,
  );
  return pages.every((page, i) => page === data.pages[i]) ? data : { ...data, pages };
}

/** The post with `id` in any loaded page. */
export function findCachedPost(data: ThreadData, id: string): Post | undefined {
  for (const page of data.pages) {
    const post = findPost(page, id);
    if (post) return post;
  }
  return undefined;
}

function findPost(page: CommentPage, id: string): Post | undefined {
  return page.items.find((p) => p.id === id) ?? page.replies.find((p) => p.id === id);
}

/** Moves the count by `delta` on every page, and names the thread once its first comment exists. */
function withCount(data: ThreadData, delta: number, post: Post): ThreadData {
  const first = data.pages[0]?.thread;
  if (!first || (delta === 0 && first.id !== null)) return data;
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
