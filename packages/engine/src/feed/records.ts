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
  /** For kind `event`: the start (epoch ms) and place; null otherwise. */
  event: { startsAt: number; location: string | null } | null;
  author: Member;
  /** `author.id`, as a field queries can test (the first-post onboarding rule, "my posts"). */
  authorId: string;
  createdAt: number;
  editedAt: number | null;
  status: PostStatus;
  /** Why the gate held it (pending), or null. */
  heldReason: string | null;
  /**
   * Pin order key (lower first), strictly increasing within a space as posts are pinned;
   * null when not pinned.
   */
  pinnedAt: number | null;
  featured: boolean;
  locked: boolean;
  /** Published replies (comments) or answers. */
  replyCount: number;
  /** Count per emoji, recounted from `feedReactions` rows in the same write as each change. */
  reactions: Record<string, number>;
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

/** One member's reaction with one emoji on one feed post; id `${postId}:${memberId}:${emoji}`. */
export interface FeedReactionRecord {
  id: string;
  postId: string;
  memberId: string;
  emoji: string;
  createdAt: number;
}
