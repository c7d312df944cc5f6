// Rules the engine enforces and the client and widgets must predict (optimistic writes,
// counters, realtime visibility). Kept in one place, and free of zod so browser code can
// import them without bundling the schemas.
import type { PostStatus } from './post.js';

/** Characters as a person counts them: code points, after trimming. */
export function countChars(text: string): number {
  return [...text.trim()].length;
}

/**
 * Whether a reader may read a post's body: published posts by everyone, pending ones by
 * their author and staff (moderator and up), hidden ones by staff, deleted ones by nobody.
 * A post a reader may not read can still show as a tombstone while it holds visible replies.
 */
export function canRead(post: { status: PostStatus; author: { id: string } }, readerId: string | null, staff: boolean): boolean {
  switch (post.status) {
    case 'published':
      return true;
    case 'pending':
      return staff || (readerId !== null && readerId === post.author.id);
    case 'hidden':
      return staff;
    default:
      return false;
  }
}
