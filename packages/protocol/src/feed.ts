import * as z from 'zod/mini';

// Filled by the feed work: post schemas, inputs, `FeedAdapter`, `FEED_EVENTS`.

/** Feed operations (see `BackendAdapter.feed`). */
export interface FeedAdapter {}

/** Realtime events of the feed. */
export const FEED_EVENTS = [z.object({ type: z.literal('feed.post.changed'), id: z.string(), channel: z.string(), postId: z.string() })] as const;
