import * as z from 'zod/mini';

/** Comment rules a community can tune; the engine's defaults are in `DEFAULT_COMMENT_SETTINGS`. */
export const CommentSettings = z.object({
  /** Visible nesting levels, top level included. Deeper replies attach to the deepest level. */
  maxDepth: z.number().check(z.int(), z.minimum(1), z.maximum(10)),
  /** How long an author may edit their comment, in milliseconds. Moderators always may. */
  editWindowMs: z.number().check(z.int(), z.nonnegative()),
  /** The fixed reaction set, in display order. */
  reactions: z.array(z.string().check(z.minLength(1), z.maxLength(16))).check(z.maxLength(12)),
  /** Body length bounds, counted in characters after trimming. */
  bodyMinLength: z.number().check(z.int(), z.minimum(1)),
  bodyMaxLength: z.number().check(z.int(), z.minimum(1)),
});
export type CommentSettings = z.infer<typeof CommentSettings>;
