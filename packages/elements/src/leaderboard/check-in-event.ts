import type { CheckInResult } from '@hearth/protocol';

/** What a check-in did. */
export interface CommunityCheckInDetail {
  /** The backend's answer: the new streak, points earned, any streak bonus, the balance. */
  result: CheckInResult;
}

/** Fired after the viewer checked in successfully. */
export class CommunityCheckInEvent extends CustomEvent<CommunityCheckInDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-check-in';

  constructor(detail: CommunityCheckInDetail) {
    super(CommunityCheckInEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'community-check-in': CommunityCheckInEvent;
  }
}
