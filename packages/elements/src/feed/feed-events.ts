import type { FeedPost, MemberProfile, PostKind } from '@hearth/protocol';

/** The feed post about to be sent. */
export interface CommunityBeforeFeedPostDetail {
  /** The space it goes to. */
  space: string;
  kind: PostKind;
  /** The title, or null for none. */
  title: string | null;
  /** The Markdown source as typed. */
  body: string;
  /** The topics as typed. */
  topics: string[];
  /** Onboarding profile fields sent with it, when the community asked for them. */
  profile: MemberProfile | null;
}

/**
 * Fired by `<community-feed>` before a post is sent. Cancel it (`preventDefault()`) to veto:
 * nothing is sent and the composer keeps what was typed. Replies inside the feed come from
 * the nested comments thread as its own `community-before-post` (a `CommunityBeforePostEvent`);
 * tell them apart with `instanceof` or `detail.space`.
 */
export class CommunityBeforeFeedPostEvent extends CustomEvent<CommunityBeforeFeedPostDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-before-post';

  constructor(detail: CommunityBeforeFeedPostDetail) {
    super(CommunityBeforeFeedPostEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

/** The feed post the backend accepted. */
export interface CommunityFeedPostDetail {
  /** The stored post (`status: 'pending'` when it waits for review). */
  post: FeedPost;
}

/**
 * Fired by `<community-feed>` after the backend accepted a post. Replies fire the comments
 * thread's own `community-post` (a `CommunityPostEvent`, `detail.post.threadKey` set).
 */
export class CommunityFeedPostEvent extends CustomEvent<CommunityFeedPostDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-post';

  constructor(detail: CommunityFeedPostDetail) {
    super(CommunityFeedPostEvent.eventName, { detail, bubbles: true, composed: true });
  }
}
