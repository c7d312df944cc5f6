import * as z from 'zod/mini';

// Filled by the feedback work: schemas, inputs, `FeedbackAdapter`, `FEEDBACK_EVENTS`.

/** feedback operations. */
export interface FeedbackAdapter {}

/** Realtime events of feedback. */
export const FEEDBACK_EVENTS = [z.object({ type: z.literal('feedback.changed'), id: z.string(), channel: z.string() })] as const;
