import * as z from 'zod/mini';
import { Post } from './post.js';
import { ANALYTICS_EVENTS } from './analytics.js';
import { FEED_EVENTS } from './feed.js';
import { FEEDBACK_EVENTS } from './feedback.js';
import { MEMBER_EVENTS } from './members.js';
import { MODERATION_EVENTS } from './moderation.js';
import { POINTS_EVENTS } from './points.js';
import { POLL_EVENTS } from './polls.js';
import { QA_EVENTS } from './qa.js';

/**
 * What happened, as a discriminated union on `type`. Posts in events carry no
 * viewer-specific state: `viewerReactions` is always empty, and a receiver keeps its own.
 */
export const CommunityEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('post.created'), id: z.string(), channel: z.string(), post: Post }),
  z.object({ type: z.literal('post.updated'), id: z.string(), channel: z.string(), post: Post }),
  z.object({
    type: z.literal('reaction.changed'),
    id: z.string(),
    channel: z.string(),
    postId: z.string(),
    emoji: z.string(),
    /** The new total for this emoji on this post. */
    count: z.number(),
    /** Who reacted, and whether their reaction is now on. */
    memberId: z.string(),
    active: z.boolean(),
  }),
  /**
   * The stream could not replay what this client missed (it resumed after an event the server
   * no longer holds, say after a restart): everything shown from this channel may be stale and
   * should be fetched again. Sent by servers only, never stored.
   */
  z.object({ type: z.literal('stream.reset'), id: z.string(), channel: z.string() }),
  ...FEED_EVENTS,
  ...QA_EVENTS,
  ...POLL_EVENTS,
  ...FEEDBACK_EVENTS,
  ...MODERATION_EVENTS,
  ...POINTS_EVENTS,
  ...MEMBER_EVENTS,
  ...ANALYTICS_EVENTS,
]);
export type CommunityEvent = z.infer<typeof CommunityEvent>;

/** Called with each event on a channel. */
export type EventListener = (event: CommunityEvent) => void;
