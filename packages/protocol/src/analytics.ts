import * as z from 'zod/mini';

// Filled by the analytics work: schemas, inputs, `AnalyticsAdapter`, `ANALYTICS_EVENTS`.

/** analytics operations. */
export interface AnalyticsAdapter {}

/** Realtime events of analytics. */
export const ANALYTICS_EVENTS = [z.object({ type: z.literal('analytics.changed'), id: z.string(), channel: z.string() })] as const;
