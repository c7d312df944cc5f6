// Kept free of zod: the names are all a console needs to label what it charts.

/**
 * Every analytics event the engine writes: one per state change, each with the member,
 * time, calendar day, the item it concerns and the viewer's experiment variant, if any.
 * `docs/analytics.md` says which metric reads which.
 */
export const ACTIVITY_TYPES = [
  'member.joined',
  'member.profile_updated',
  'member.role_changed',
  'member.title_changed',
  'settings.updated',
  'space.saved',
  'comment.created',
  'comment.updated',
  'comment.deleted',
  'post.created',
  'post.updated',
  'post.deleted',
  'answer.created',
  'answer.updated',
  'answer.deleted',
  'answer.accepted',
  'vote.cast',
  'reaction.added',
  'reaction.removed',
  'bounty.offered',
  'bounty.settled',
  'poll.created',
  'poll.voted',
  'poll.retracted',
  'poll.closed',
  'poll.reopened',
  'poll.edited',
  'feedback.created',
  'feedback.voted',
  'feedback.status_changed',
  'report.created',
  'moderation.action',
  'checkin',
  'points.adjusted',
] as const;

/** One of `ACTIVITY_TYPES`. */
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
