import { canRead, roleAtLeast, type Member } from '@hearth/protocol';
import type { PostRecord } from './store.js';

/** Moderators and up see hidden posts and may edit, delete, hide and restore anyone's. */
export function isStaff(member: Member | null): boolean {
  return member !== null && roleAtLeast(member.role, 'moderator');
}

/** Whether `member` may read this post's body (as opposed to seeing at most a tombstone). */
export function readable(post: PostRecord, member: Member | null): boolean {
  return canRead(post, member?.id ?? null, isStaff(member));
}

/** Which posts of some complete subtrees a member sees, and how many visible replies each has. */
export interface TreeView {
  visible(id: string): boolean;
  replyCount(id: string): number;
}

/**
 * Works out visibility bottom-up: a post is visible when the member may read it, or when
 * it still holds a visible reply (then it shows as a tombstone). `posts` must hold whole
 * subtrees, so a post's children are all present.
 */
export function treeView(posts: readonly PostRecord[], member: Member | null): TreeView {
  const counts = new Map<string, number>();
  const visible = new Set<string>();
  const deepestFirst = [...posts].sort((a, b) => b.depth - a.depth);
  for (const post of deepestFirst) {
    if (readable(post, member) || (counts.get(post.id) ?? 0) > 0) {
      visible.add(post.id);
      if (post.parentId !== null) counts.set(post.parentId, (counts.get(post.parentId) ?? 0) + 1);
    }
  }
  return {
    visible: (id) => visible.has(id),
    replyCount: (id) => counts.get(id) ?? 0,
  };
}
