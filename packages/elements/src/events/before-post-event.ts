/** What is about to be posted. */
export interface CommunityBeforePostDetail {
  /** The thread the comment goes to. */
  threadKey: string;
  /** The comment being answered, or null for a top-level comment. */
  parentId: string | null;
  /** The Markdown source as typed. */
  body: string;
}

/**
 * Fired before a comment is sent. Cancel it (`preventDefault()`) to veto the post: nothing
 * is sent and the typed text stays in the composer.
 */
export class CommunityBeforePostEvent extends CustomEvent<CommunityBeforePostDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-before-post';

  constructor(detail: CommunityBeforePostDetail) {
    super(CommunityBeforePostEvent.eventName, { detail, bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'community-before-post': CommunityBeforePostEvent;
  }
}
