import type { Feedback, FeedbackDetail } from '@hearth/protocol';

/** What the backend accepted. */
export interface CommunityFeedbackDetail {
  /** The new item as its submitter sees it (status, history, `visibility: 'pending'` when held for review). */
  item: FeedbackDetail;
}

/** Fired after the backend accepted new feedback. */
export class CommunityFeedbackEvent extends CustomEvent<CommunityFeedbackDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-feedback';

  constructor(detail: CommunityFeedbackDetail) {
    super(CommunityFeedbackEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** An upvote set on or off. */
export interface CommunityFeedbackVoteDetail {
  /** The item as the viewer now sees it (`voteCount`, `viewerVoted`). */
  item: Feedback;
  /** True for an upvote, false for one taken back. */
  active: boolean;
}

/** Fired after the backend accepted an upvote on a board item or a similar item, or its withdrawal. */
export class CommunityFeedbackVoteEvent extends CustomEvent<CommunityFeedbackVoteDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-feedback-vote';

  constructor(detail: CommunityFeedbackVoteDetail) {
    super(CommunityFeedbackVoteEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'community-feedback': CommunityFeedbackEvent;
    'community-feedback-vote': CommunityFeedbackVoteEvent;
  }
}
