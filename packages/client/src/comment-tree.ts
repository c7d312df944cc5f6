import { canRead, type Post, type Thread } from '@hearth/protocol';
import type { CommentNode, ThreadData } from './types.js';

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
 * Lays pending changes over the posts collected from the cached pages (`tops` in the
 * sort's order, `replies` oldest first), in place; returns the ids it changed or added
 * and how far the comment count moved.
 */
export type Overlay = (tops: Post[], replies: Post[], byId: Map<string, Post>) => [Set<string>, number];

/**
 * Builds the tree, with the client's unconfirmed writes laid over the cached pages.
 * Keeping optimistic changes out of the cache makes rollback exact by construction: a
 * failed write is simply dropped, and anything realtime merged meanwhile stays.
 */
export function deriveThread(data: ThreadData, reader: Reader, overlay?: Overlay): DerivedThread {
  const tops: Post[] = [];
  const replies: Post[] = [];
  const byId = new Map<string, Post>();
  // A comment created while pages load can show up on two pages; the first place wins
  // so it does not jump. The viewer's own unplaced comments come last, so the page
  // that holds one, once loaded, puts it in its place.
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
  for (const page of data.pages) collect(page.unplaced ?? [], tops);
  const [optimistic, delta] = overlay?.(tops, replies, byId) ?? [new Set<string>(), 0];

  const nodes = new Map<string, CommentNode>();
  const node = (post: Post): CommentNode => nodes.get(post.id)!;
  for (const post of [...tops, ...replies]) nodes.set(post.id, { post, replies: [], optimistic: optimistic.has(post.id) });
  for (const post of replies) nodes.get(post.parentId!)?.replies.push(node(post));
  const comments = prune(tops.map(node), reader);
  // Merges move every page's count alike, so the page fetched last knows it best.
  const base = data.pages.at(-1)!.thread;
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

/** Whether this reader may see the post, by the engine's rules. */
export function readable(post: Post, reader: Reader): boolean {
  return canRead(post, reader.viewerId, reader.staff);
}
