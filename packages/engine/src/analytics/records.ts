import type { ContentType } from '@hearth/protocol';

/**
 * A conversation opener: a feed post, question, feedback item or top-level page comment,
 * with its first reply and first staff reply times. Powers the zero-reply queue and the
 * response-time metrics. id is the item's `type:id`.
 *
 * `replyCount` counts published replies by anyone but the opener's author (an author
 * answering their own post does not take it out of the zero-reply queue). It changes in the
 * same transaction as the reply rows it counts. `firstReplyAt`/`firstStaffReplyAt` are
 * history: they stay when the reply that set them is removed later.
 */
export interface OpenerRecord {
  id: string;
  type: ContentType;
  itemId: string;
  /** Where it lives: a space key or a thread key. */
  location: string;
  title: string | null;
  /** The start of the opener's text when the caller gave it (the queue prefers the live text). */
  excerpt: string | null;
  authorId: string;
  createdAt: number;
  replyCount: number;
  firstReplyAt: number | null;
  firstStaffReplyAt: number | null;
  /** Only `published` openers wait in the queue and count in the response metrics. */
  status: 'published' | 'pending' | 'hidden' | 'deleted';
}
