import type { Member, PostStatus } from '@hearth/protocol';

/** An answer to a question (a feed post of kind `question`). */
export interface AnswerRecord {
  id: string;
  questionId: string;
  body: string;
  author: Member;
  createdAt: number;
  editedAt: number | null;
  status: PostStatus;
  /** Why the gate held it while `pending` (`pre_moderation`, `new_member_hold`), else null. Absent in data stored before it existed. */
  heldReason?: string | null;
  /** True for the question's accepted answer (the question's `acceptedAnswerId` agrees). */
  accepted: boolean;
  /** Kept in step with `votes`, in the same transaction as the vote rows. */
  up: number;
  down: number;
}

/** One member's vote on a question or answer; id `${targetType}:${targetId}:${memberId}`. */
export interface VoteRecord {
  id: string;
  targetType: 'post' | 'answer';
  targetId: string;
  /** The question the target belongs to (the target itself for a question), for its channel. */
  questionId: string;
  memberId: string;
  value: 1 | -1;
  createdAt: number;
}

/**
 * Points escrowed on a question. id `${questionId}:${n}` (the question's n-th bounty), so two
 * offers racing for the same slot collide on insert instead of both escrowing.
 */
export interface BountyRecord {
  id: string;
  questionId: string;
  memberId: string;
  amount: number;
  createdAt: number;
  /** End of the open period; answers accepted until `graceUntil` still pay in full. */
  expiresAt: number;
  graceUntil: number;
  status: 'open' | 'paid' | 'expired';
  paidTo: string | null;
  /** The answer that was paid, or null. */
  answerId: string | null;
  paidAmount: number;
  settledAt: number | null;
}
