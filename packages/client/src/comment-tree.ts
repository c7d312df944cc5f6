import type { CommentSort, Post, Thread } from '@hearth/protocol';
import { counts } from './thread-cache.js';
import type { CommentNode, PendingWrite, ThreadData } from './types.js';

/** Who is looking, which decides what they may read. */
export interface Reader {
  /** The viewer's member id, or null for an anonymous visitor. */
  viewerId: string | null;
  /** Moderators and up read hidden and pending comments. */
  staff: boolean;
  /** The community's visible nesting depth, when the session is known. */
  maxDepth: number | null;
}

/** A thread ready to render. */
export interface DerivedThread {
  /** The thread with its count moved by the pending writes. */
  thread: Thread;
  /** Top-level comments with their replies. */
  comments: CommentNode[];
}

/**
 * Lays the pending writes over the cached pages and builds the tree. Keeping optimistic
 * changes out of the cache makes rollback exact by construction: a failed write is simply
 * dropped, and anything realtime merged meanwhile stays.
 */
export function deriveThread(
  data: ThreadData,
  writes: readonly PendingWrite[],
  sort: CommentSort,
  reader: Reader,
): DerivedThread {
  const tops: Post[] = [];
  const replies: Post[] = [];
  const byId = new Map<string, Post>();
  // A comment created while pages load can show up on two pages; the first place wins
  // so it does not jump.
  const collect = (posts: readonly Post[], into: Post[]) => {
    for (const post of posts) {
      if (byId.has(post.id)) continue;
      byId.set(post.id, post);
      into.push(post);
    }
  };
  for (const page of data.pages) {
    collect(page.items, tops);
    collect(page.replies, replies);
  }

  const optimistic = new Set<string>();
  let delta = 0;
  for (const write of writes) {
    if (write.kind === 'create') {
      if (write.realId !== null) continue;
      const post = placeReply(write.post, byId, reader.maxDepth);
      if (!post) continue;
      if (post.parentId === null) {
        if (sort === 'newest') tops.unshift(post);
        else tops.push(post);
      } else replies.push(post);
      byId.set(post.id, post);
      optimistic.add(post.id);
      delta += counts(post);
      continue;
    }
    const current = byId.get(write.postId);
    if (!current) continue;
    const next = write.apply(current);
    if (next === current) continue;
    byId.set(next.id, next);
    const list = current.parentId === null ? tops : replies;
    list[list.indexOf(current)] = next;
    optimistic.add(next.id);
    delta += counts(next) - counts(current);
  }

  const nodes = new Map<string, CommentNode>();
  for (const post of [...tops, ...replies]) {
    nodes.set(post.id, { post, replies: [], optimistic: optimistic.has(post.id) });
  }
  for (const post of replies) {
    const parent = post.parentId === null ? undefined : nodes.get(post.parentId);
    parent?.replies.push(nodes.get(post.id)!);
  }
  const comments = prune(
    tops.map((post) => nodes.get(post.id)!),
    reader,
  );
  const base = data.pages[0]!.thread;
  const thread = delta === 0 ? base : { ...base, commentCount: Math.max(0, base.commentCount + delta) };
  return { thread, comments };
}

/**
 * Drops what this viewer may not read, by the engine's rules: hidden is for staff,
 * pending for staff and the author. A comment they may not read but that still holds
 * visible replies stays as a tombstone with an empty body, so the replies keep their place.
 */
function prune(nodes: CommentNode[], reader: Reader): CommentNode[] {
  const kept: CommentNode[] = [];
  for (const node of nodes) {
    node.replies = prune(node.replies, reader);
    if (readable(node.post, reader)) kept.push(node);
    else if (node.replies.length > 0) {
      kept.push(node.post.body === '' ? node : { ...node, post: { ...node.post, body: '' } });
    }
  }
  return kept;
}

function readable(post: Post, reader: Reader): boolean {
  switch (post.status) {
    case 'published':
      return true;
    case 'deleted':
      return false;
    case 'hidden':
      return reader.staff;
    case 'pending':
      return reader.staff || (reader.viewerId !== null && post.author.id === reader.viewerId);
  }
}

/**
 * Puts an optimistic reply where the engine will: under its parent, or under the deepest
 * ancestor that still has room when the parent is at the deepest visible level, always
 * remembering whom it answered.
 */
function placeReply(post: Post, byId: ReadonlyMap<string, Post>, maxDepth: number | null): Post | null {
  if (post.parentId === null) return post;
  const parent = byId.get(post.parentId);
  if (!parent) return null;
  const replyTo = { id: parent.id, authorName: parent.author.displayName };
  let target: Post | undefined = parent;
  while (maxDepth !== null && target && target.depth >= maxDepth - 1) {
    target = target.parentId === null ? undefined : byId.get(target.parentId);
  }
  if (!target) return { ...post, parentId: null, depth: 0, replyTo };
  return { ...post, parentId: target.id, depth: target.depth + 1, replyTo };
}
