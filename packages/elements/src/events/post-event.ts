import type { Post } from '@hearth/protocol';

/** The comment the backend accepted. */
export interface CommunityPostDetail {
  /** The stored comment, as the backend returned it. */
  post: Post;
}

/** Fired after a comment or reply has been accepted by the backend. */
export class CommunityPostEvent extends CustomEvent<CommunityPostDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-post';

  constructor(detail: CommunityPostDetail) {
    super(CommunityPostEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'community-post': CommunityPostEvent;
  }
}
