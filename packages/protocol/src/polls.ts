import * as z from 'zod/mini';

// Filled by the poll work: schemas, inputs, `PollsAdapter`, `POLL_EVENTS`.

/** poll operations. */
export interface PollsAdapter {}

/** Realtime events of poll. */
export const POLL_EVENTS = [z.object({ type: z.literal('polls.changed'), id: z.string(), channel: z.string() })] as const;
