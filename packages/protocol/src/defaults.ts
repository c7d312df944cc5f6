// Kept free of zod (the type import is erased) so browser code that needs the fallback
// rules before the session arrives does not pull the settings schema into its bundle.
import type { CommentSettings } from './settings.js';

/** The engine's comment rules when a community tunes nothing. */
export const DEFAULT_COMMENT_SETTINGS: CommentSettings = {
  maxDepth: 3,
  editWindowMs: 15 * 60 * 1000,
  reactions: ['👍', '❤️', '😄', '🎉', '🤔', '👀'],
  bodyMinLength: 1,
  bodyMaxLength: 10_000,
};
