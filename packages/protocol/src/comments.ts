import * as z from 'zod/mini';
import { CommentSort } from './post.js';
import { Cursor, PageSize } from './page.js';
import { ThreadKey } from './thread.js';

const PostId = z.string().check(z.minLength(1, 'Post id is required.'), z.maxLength(128));

/** A client-made key; retrying a create with the same key returns the first result. */
export const IdempotencyKey = z.string().check(z.minLength(8), z.maxLength(128));

/**
 * The body as typed. Length rules (1–10,000 characters after trim by default) are the
 * engine's, since a community may tune them; the schema only bounds the transport.
 */
const Body = z.string().check(z.maxLength(100_000, 'Body is far too long.'));

export const ListCommentsInput = z.object({
  threadKey: ThreadKey,
  sort: z.optional(CommentSort),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type ListCommentsInput = z.input<typeof ListCommentsInput>;

export const GetThreadInput = z.object({ threadKey: ThreadKey });
export type GetThreadInput = z.input<typeof GetThreadInput>;

export const CreateCommentInput = z.object({
  threadKey: ThreadKey,
  parentId: z.optional(z.nullable(PostId)),
  body: Body,
  idempotencyKey: IdempotencyKey,
});
export type CreateCommentInput = z.input<typeof CreateCommentInput>;

export const EditCommentInput = z.object({ postId: PostId, body: Body });
export type EditCommentInput = z.input<typeof EditCommentInput>;

export const PostRefInput = z.object({ postId: PostId });
export type PostRefInput = z.input<typeof PostRefInput>;

/**
 * Turns the viewer's reaction on or off. With `active`, the reaction is set to that state,
 * idempotently: a retry, or a change made meanwhile in another tab, cannot flip it the
 * wrong way. Without it, the reaction toggles.
 */
export const ToggleReactionInput = z.object({
  postId: PostId,
  emoji: z.string().check(z.minLength(1, 'Pick a reaction.'), z.maxLength(16)),
  active: z.optional(z.boolean()),
});
export type ToggleReactionInput = z.input<typeof ToggleReactionInput>;
