import type { HearthError } from '@hearth/protocol';

/** What the widget was doing when it failed. */
export type CommunityErrorAction =
  | 'config'
  | 'load'
  | 'create'
  | 'edit'
  | 'delete'
  | 'hide'
  | 'unhide'
  | 'react'
  | 'vote'
  | 'accept'
  | 'report'
  | 'moderate'
  | 'check-in';

/** A failure and what caused it. */
export interface CommunityErrorDetail {
  /** The error; its `code` is stable, its `message` is fit to show. */
  error: HearthError;
  /** The action that failed. */
  action: CommunityErrorAction;
}

/** Fired when loading or a write fails; the widget shows the error too. */
export class CommunityErrorEvent extends CustomEvent<CommunityErrorDetail> {
  /** The event's name, for `addEventListener`. */
  static readonly eventName = 'community-error';

  constructor(detail: CommunityErrorDetail) {
    super(CommunityErrorEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'community-error': CommunityErrorEvent;
  }
}
