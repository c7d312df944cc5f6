import * as z from 'zod/mini';

// Filled by the moderation work: schemas, inputs, `ModerationAdapter`, `MODERATION_EVENTS`.

/** moderation operations. */
export interface ModerationAdapter {}

/** Realtime events of moderation. */
export const MODERATION_EVENTS = [z.object({ type: z.literal('moderation.changed'), id: z.string(), channel: z.string() })] as const;
