// Apart from channels.ts: the comments widget loads that eagerly, and a module shared with
// the lazily loaded engine would carry every function either side uses into the eager chunk.

/** The realtime channel of a space's feed (posts created, changed, pinned). */
export function spaceChannel(spaceKey: string): string {
  return `space:${spaceKey}`;
}

/** The realtime channel of one question's answers, votes and bounty. */
export function questionChannel(questionId: string): string {
  return `question:${questionId}`;
}

/** The realtime channel of a feedback board (null: the default board). */
export function feedbackChannel(spaceKey: string | null): string {
  return `feedback:${spaceKey ?? 'feedback'}`;
}

/** The realtime channel of one member's card (points, level, badges, title). */
export function memberChannel(memberId: string): string {
  return `member:${memberId}`;
}

/** The thread key under which a feed post's or question's replies live as comments. */
export function postThreadKey(postId: string): string {
  return `post:${postId}`;
}

/** The realtime channel of the operator inbox (zero-reply queue changes). */
export function inboxChannel(): string {
  return 'inbox';
}

/** The realtime channel staff consoles listen to for the review queue and moderation actions. */
export function moderationChannel(): string {
  return 'moderation';
}

/**
 * Whether only reviewers (permission `review`: volunteers and up) may hear a channel: the
 * operator inbox and the moderation channel carry reports, held items and review actions,
 * the same things the review queue and the zero-reply queue show only to them.
 */
export function isStaffChannel(channel: string): boolean {
  return channel === inboxChannel() || channel === moderationChannel();
}
