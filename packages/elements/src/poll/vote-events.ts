import type { PollView } from '@hearth/protocol';

/** The ballot about to be sent. */
export interface CommunityBeforeVoteDetail {
  /** The poll voted in. */
  pollId: string;
  /** Option ids (for `ranked`, most preferred first); empty for a rating poll. */
  choices: string[];
  /** The rating, for a rating poll; null otherwise. */
  rating: number | null;
  /** True when this replaces a ballot the viewer cast before. */
  change: boolean;
}

/**
 * Fired before a ballot is sent. Cancel it (`preventDefault()`) to veto the vote: nothing
 * is sent and the widget keeps the ballot as marked.
 */
export class CommunityBeforeVoteEvent extends CustomEvent<CommunityBeforeVoteDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-before-vote';

  constructor(detail: CommunityBeforeVoteDetail) {
    super(CommunityBeforeVoteEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

/** What the backend accepted. */
export interface CommunityVoteDetail {
  /** `vote` a first ballot, `change` a replaced one, `retract` a withdrawn one. */
  action: 'vote' | 'change' | 'retract';
  /** The poll as the viewer now sees it (their ballot, and the results when visible). */
  view: PollView;
}

/** Fired after the backend accepted a ballot, a changed ballot or a withdrawal. */
export class CommunityVoteEvent extends CustomEvent<CommunityVoteDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-vote';

  constructor(detail: CommunityVoteDetail) {
    super(CommunityVoteEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'community-before-vote': CommunityBeforeVoteEvent;
    'community-vote': CommunityVoteEvent;
  }
}
