import * as z from 'zod/mini';

// Filled by the Q&A work: schemas, inputs, `QaAdapter`, `QA_EVENTS`.

/** Q&A operations. */
export interface QaAdapter {}

/** Realtime events of Q&A. */
export const QA_EVENTS = [z.object({ type: z.literal('qa.changed'), id: z.string(), channel: z.string() })] as const;
