import type { Answer, Bounty, FeedPost, QuestionDetail } from '@hearth/protocol';

/** A question the backend accepted. */
export interface CommunityAskDetail {
  /** The question (a feed post of kind `question`); `status` is `pending` when it waits for review. */
  question: FeedPost;
  /** The bounty offered with it, or null. */
  bounty: Bounty | null;
}

/** Fired after the backend accepted a new question. */
export class CommunityAskEvent extends CustomEvent<CommunityAskDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-ask';

  constructor(detail: CommunityAskDetail) {
    super(CommunityAskEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** An answer the backend accepted. */
export interface CommunityAnswerDetail {
  /** The question answered. */
  questionId: string;
  /** The answer; `heldReason` is set when it waits for review. */
  answer: Answer;
}

/** Fired after the backend accepted a new answer. */
export class CommunityAnswerEvent extends CustomEvent<CommunityAnswerDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-answer';

  constructor(detail: CommunityAnswerDetail) {
    super(CommunityAnswerEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** An accepted answer. */
export interface CommunityAcceptDetail {
  /** The answer now accepted. */
  answerId: string;
  /** The question as it now stands (its bounty `paid` when the accept paid it). */
  question: QuestionDetail;
}

/** Fired after the asker or a moderator accepted an answer (or changed which one). */
export class CommunityAcceptEvent extends CustomEvent<CommunityAcceptDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-accept';

  constructor(detail: CommunityAcceptDetail) {
    super(CommunityAcceptEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'community-ask': CommunityAskEvent;
    'community-answer': CommunityAnswerEvent;
    'community-accept': CommunityAcceptEvent;
  }
}
