import * as z from 'zod/mini';
import { Member } from './member.js';
import { CommentSettings } from './settings.js';

/** The viewer as the backend sees them (null when signed out), and the rules the UI should follow. */
export const Session = z.object({ viewer: z.nullable(Member), settings: CommentSettings });
export type Session = z.infer<typeof Session>;
