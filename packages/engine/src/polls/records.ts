import type { Member } from '@hearth/protocol';

/** A poll; options keep their ids for the poll's life. */
export interface PollRecord {
  id: string;
  question: string;
  type: 'single' | 'multiple' | 'ranked' | 'rating';
  options: Array<{ id: string; label: string }>;
  /** For `multiple`. */
  minPicks: number;
  maxPicks: number;
  /** For `rating`. */
  scale: { min: number; max: number; step: number } | null;
  resultsVisibility: 'always' | 'after_vote' | 'after_close' | 'staff_only';
  voters: 'secret' | 'public';
  allowChange: boolean;
  closesAt: number | null;
  closedAt: number | null;
  author: Member;
  createdAt: number;
  /** Where the poll sits, if anywhere (a feed post id or a page thread key). */
  context: string | null;
}

/** One ballot; id `${pollId}:${voterKey}` so each voter has one. */
export interface BallotRecord {
  id: string;
  pollId: string;
  /** Member id, or `guest:<id>` for a guest. */
  voterKey: string;
  voter: Member;
  /** Option ids (single, multiple) or the ranking, most preferred first. */
  choices: string[];
  /** For `rating`. */
  rating: number | null;
  createdAt: number;
  updatedAt: number;
}
