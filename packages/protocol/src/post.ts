import * as z from 'zod/mini';
import { Member } from './member.js';
import { Thread } from './thread.js';

export const POST_STATUSES = ['published', 'pending', 'hidden', 'deleted'] as const;
export const PostStatus = z.enum(POST_STATUSES);
export type PostStatus = z.infer<typeof PostStatus>;

export const COMMENT_SORTS = ['oldest', 'newest', 'top'] as const;
export const CommentSort = z.enum(COMMENT_SORTS);
export type CommentSort = z.infer<typeof CommentSort>;

/** Who a reply was written to, kept when the reply is attached higher up the tree. */
export const ReplyTarget = z.object({ id: z.string(), authorName: z.string() });
export type ReplyTarget = z.infer<typeof ReplyTarget>;

/**
 * A comment. `parentId` is where it shows in the tree; `replyTo` is whom it answered,
 * which differs when the reply was deeper than the visible depth allows.
 */
export const Post = z.object({
  id: z.string(),
  threadId: z.string(),
  threadKey: z.string(),
  parentId: z.nullable(z.string()),
  /** 0 for a top-level comment. */
  depth: z.number().check(z.int(), z.nonnegative()),
  replyTo: z.nullable(ReplyTarget),
  /** Markdown source. Empty for a deleted or hidden tombstone the viewer may not read. */
  body: z.string(),
  author: Member,
  createdAt: z.string(),
  editedAt: z.nullable(z.string()),
  status: PostStatus,
  /** Count per emoji; emojis with no reactions are absent. */
  reactions: z.record(z.string(), z.number().check(z.int(), z.nonnegative())),
  /** The emojis the viewer has reacted with. */
  viewerReactions: z.array(z.string()),
  /** Direct replies that are visible (published, or tombstones that still hold replies). */
  replyCount: z.number().check(z.int(), z.nonnegative()),
  /** On the author's own new comment when it waits for review: why (`pre_moderation`, `new_member_hold`). */
  heldReason: z.optional(z.string()),
});
export type Post = z.infer<typeof Post>;

/**
 * One page of a thread: top-level comments in the requested order, plus every visible
 * reply beneath them (oldest first) so a page renders as a whole tree.
 */
export const CommentPage = z.object({
  thread: Thread,
  items: z.array(Post),
  replies: z.array(Post),
  nextCursor: z.nullable(z.string()),
});
export type CommentPage = z.infer<typeof CommentPage>;
