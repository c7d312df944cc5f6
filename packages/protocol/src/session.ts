import * as z from 'zod/mini';
import { Member } from './member.js';
import { CommentSettings } from './settings.js';

/**
 * The viewer as the backend sees them (null when signed out), the rules the UI should follow,
 * and whether people without an account may post here under a name (`guests`; absent when
 * the backend does not say, which widgets take as yes).
 */
export const Session = z.object({ viewer: z.nullable(Member), settings: CommentSettings, guests: z.optional(z.boolean()) });
export type Session = z.infer<typeof Session>;
