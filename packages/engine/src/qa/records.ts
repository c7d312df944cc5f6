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
  accepted: boolean;
  /** Kept in step with `votes`. */
  up: number;
  down: number;
}

/** One member's vote on a question or answer; id `${targetType}:${targetId}:${memberId}`. */
export interface VoteRecord {
  id: string;
  targetType: 'post' | 'answer';
  targetId: string;
  memberId: string;
  value: 1 | -1;
  createdAt: number;
}

/** Points escrowed on a question. */
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
  paidAmount: number;
  settledAt: number | null;
}
