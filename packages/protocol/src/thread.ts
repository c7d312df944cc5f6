import * as z from 'zod/mini';

/** A host-chosen key naming a thread, such as a page path (`/blog/hello`). */
export const ThreadKey = z.string().check(z.trim(), z.minLength(1, 'Thread key is required.'), z.maxLength(512));

/**
 * A comment thread attached to a page. A thread is stored from its first comment;
 * before that it reads with `id: null` and a zero count.
 */
export const Thread = z.object({
  id: z.nullable(z.string()),
  key: z.string(),
  /** Published, non-deleted comments, replies included. */
  commentCount: z.number().check(z.int(), z.nonnegative()),
  locked: z.boolean(),
  createdAt: z.nullable(z.string()),
});
export type Thread = z.infer<typeof Thread>;
