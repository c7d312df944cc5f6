import type { FeedbackKind, FeedbackStatus, Member } from '@hearth/protocol';

/**
 * A feedback item. Vote counts are not stored: they are counted from `feedbackVotes`, so
 * two tabs voting at once merge without losing a vote.
 */
export interface FeedbackRecord {
  id: string;
  /** The feedback board's space key (`feedback` for the default board). */
  spaceId: string;
  kind: FeedbackKind;
  title: string | null;
  body: string;
  rating: number | null;
  nps: number | null;
  pageUrl: string | null;
  pageTitle: string | null;
  author: Member;
  /** `author.id`, as a field a query can match (the viewer's own items). */
  authorId: string;
  /** Guests only, when allowed; shown to staff only. */
  email: string | null;
  status: FeedbackStatus;
  duplicateOf: string | null;
  createdAt: number;
  /** The last status change or official reply. */
  updatedAt: number;
  /** Lower-cased title and body, for "similar" suggestions. */
  searchText: string;
  /** hidden / deleted by moderation, pending while held for review; `published` otherwise. */
  visibility: 'published' | 'pending' | 'hidden' | 'deleted';
  /** Why the gate held it, while pending. */
  heldReason: string | null;
}

/** One upvote; id `${feedbackId}:${memberId}`, so each member votes once. */
export interface FeedbackVoteRecord {
  id: string;
  feedbackId: string;
  memberId: string;
  createdAt: number;
}

/** A status change, with its official reply; id order is not time order, `at` is. */
export interface FeedbackUpdateRecord {
  id: string;
  feedbackId: string;
  from: FeedbackStatus;
  to: FeedbackStatus;
  reply: string | null;
  /** With `to: 'duplicate'`: the original. */
  duplicateOf: string | null;
  actor: Member;
  at: number;
  /** Breaks ties between changes at the same instant (one more than the item's last). */
  seq: number;
}
