/**
 * A conversation opener: a feed post, question, feedback item or top-level page comment,
 * with its first reply and first staff reply times. Powers the zero-reply queue and the
 * response-time metrics. id is the item's `type:id`.
 */
export interface OpenerRecord {
  id: string;
  type: 'comment' | 'post' | 'answer' | 'feedback';
  itemId: string;
  /** Where it lives: a space key or a thread key. */
  location: string;
  title: string | null;
  authorId: string;
  createdAt: number;
  replyCount: number;
  firstReplyAt: number | null;
  firstStaffReplyAt: number | null;
  /** Only `published` openers wait in the queue. */
  status: 'published' | 'pending' | 'hidden' | 'deleted';
}
