import type { Member, PostStatus } from '@hearth/protocol';

/**
 * A feed post or question in a space. Replies (and, for questions, answers) live apart:
 * replies as comments in the thread `post:<id>`, answers in `answers`.
 */
export interface FeedPostRecord {
  id: string;
  /** The space key. */
  spaceId: string;
  kind: 'discussion' | 'question' | 'announcement' | 'event';
  title: string | null;
  body: string;
  /** Normalised topics, at most 5. */
  topics: string[];
  images: string[];
  author: Member;
  createdAt: number;
  editedAt: number | null;
  status: PostStatus;
  /** Pin order (lower first); null when not pinned. */
  pinnedAt: number | null;
  featured: boolean;
  locked: boolean;
  /** Published replies (comments) or answers. */
  replyCount: number;
  /** Sum of reactions and votes, for `top` and `hot`. */
  score: number;
  lastActivityAt: number;
  /** For questions: the accepted answer's id. */
  acceptedAnswerId: string | null;
  /** Closed as a duplicate of this post. */
  duplicateOf: string | null;
  /** Lower-cased title and body, for "similar" search. */
  searchText: string;
}
