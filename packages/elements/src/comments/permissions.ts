import { roleAtLeast, type Member, type Post } from '@hearth/protocol';

/** Moderators and up may hide, unhide and always edit. */
export function isModerator(viewer: Member | null | undefined): boolean {
  return !!viewer && roleAtLeast(viewer.role, 'moderator');
}

/** The viewer wrote this post. */
export function isOwn(post: Post, viewer: Member | null | undefined): boolean {
  return !!viewer && post.author.id === viewer.id;
}

/** Authors within the edit window, moderators always; never a deleted post. */
export function canEdit(post: Post, viewer: Member | null | undefined, editWindowMs: number, now: number): boolean {
  if (post.status === 'deleted' || !viewer) return false;
  if (isModerator(viewer)) return true;
  return isOwn(post, viewer) && now - Date.parse(post.createdAt) < editWindowMs;
}

/** Authors and moderators may delete. */
export function canDelete(post: Post, viewer: Member | null | undefined): boolean {
  return post.status !== 'deleted' && (isOwn(post, viewer) || isModerator(viewer));
}
