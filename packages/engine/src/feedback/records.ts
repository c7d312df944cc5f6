import type { Member } from '@hearth/protocol';

/** A feedback item. */
export interface FeedbackRecord {
  id: string;
  /** The feedback board's space key, or null for the default board. */
  spaceId: string | null;
  kind: 'idea' | 'bug' | 'praise' | 'question' | 'other';
  title: string | null;
  body: string;
  rating: number | null;
  nps: number | null;
  pageUrl: string | null;
  pageTitle: string | null;
  author: Member;
  /** Guests only, when allowed; shown to staff only. */
  email: string | null;
  status: 'open' | 'under_review' | 'planned' | 'in_progress' | 'done' | 'declined' | 'duplicate';
  duplicateOf: string | null;
  createdAt: number;
  updatedAt: number;
  /** Lower-cased title and body, for "similar" suggestions. */
  searchText: string;
  /** hidden / deleted by moderation; `published` otherwise. */
  visibility: 'published' | 'pending' | 'hidden' | 'deleted';
}

/** One upvote; id `${feedbackId}:${memberId}`. */
export interface FeedbackVoteRecord {
  id: string;
  feedbackId: string;
  memberId: string;
  createdAt: number;
}

/** A status change, with its official reply. */
export interface FeedbackUpdateRecord {
  id: string;
  feedbackId: string;
  from: FeedbackRecord['status'];
  to: FeedbackRecord['status'];
  reply: string | null;
  actor: Member;
  at: number;
}
