import type { MemberCard, ModerationAction, ModerationResult, ReportReceipt } from '@hearth/protocol';
import type { ContentTarget } from './content-menu.js';

/** What a staff member did from a content menu. */
export interface CommunityModerateDetail {
  /** A moderation action on the content, or `mute`/`ban` of its author. */
  action: ModerationAction | 'mute' | 'ban';
  /** The content the menu was on. */
  target: ContentTarget;
  /** The backend's answer: the action's result, or the author's member card after a mute or ban. */
  result: ModerationResult | MemberCard;
}

/** Fired after the backend accepted a moderation action, mute or ban made from the menu. */
export class CommunityModerateEvent extends CustomEvent<CommunityModerateDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-moderate';

  constructor(detail: CommunityModerateDetail) {
    super(CommunityModerateEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** A report the backend holds. */
export interface CommunityReportDetail {
  /** The content reported. */
  target: ContentTarget;
  /** The reporter's receipt; for a repeat, the first report, unchanged. */
  receipt: ReportReceipt;
}

/** Fired after the backend accepted a report (or answered a repeat with the first one). */
export class CommunityReportEvent extends CustomEvent<CommunityReportDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-report';

  constructor(detail: CommunityReportDetail) {
    super(CommunityReportEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'community-moderate': CommunityModerateEvent;
    'community-report': CommunityReportEvent;
  }
}
