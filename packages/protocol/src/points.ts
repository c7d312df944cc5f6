import * as z from 'zod/mini';

// Filled by the points work: schemas, inputs, `GamificationAdapter`, `POINTS_EVENTS`.

/** points operations. */
export interface GamificationAdapter {}

/** Realtime events of points. */
export const POINTS_EVENTS = [z.object({ type: z.literal('points.changed'), id: z.string(), channel: z.string() })] as const;
