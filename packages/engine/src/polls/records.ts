import type { Member } from '@hearth/protocol';

/** A poll; options keep their ids for the poll's life. Results are never stored: they are tallied from the ballot rows. */
export interface PollRecord {
  id: string;
  question: string;
  /** Absent on polls made before descriptions: none. */
  description?: string | null;
  type: 'single' | 'multiple' | 'ranked' | 'rating';
  /** Empty for `rating`. */
  options: Array<{ id: string; label: string }>;
  /** For `multiple`; null otherwise. */
  minPicks: number | null;
  maxPicks: number | null;
  /** For `rating`; null otherwise. */
  scale: { min: number; max: number; step: number } | null;
  resultsVisibility: 'always' | 'after_vote' | 'after_close' | 'staff_only';
  voters: 'secret' | 'public';
  allowChange: boolean;
  closesAt: number | null;
  /** Set when closed by hand; a poll whose `closesAt` passed is closed without it. */
  closedAt: number | null;
  author: Member;
  createdAt: number;
  /** Set by `editPoll`; absent on polls never edited before it was kept. */
  editedAt?: number | null;
  /** Where the poll sits, if anywhere (a feed post ref or a page thread key). */
  context: string | null;
}

/** One ballot; id `${pollId}:${voterKey}` so each voter has one. */
export interface BallotRecord {
  id: string;
  pollId: string;
  /** Member id, or `guest:<id>` for a guest. */
  voterKey: string;
  voter: Member;
  /** Option ids (single, multiple) or the ranking, most preferred first; empty for `rating`. */
  choices: string[];
  /** For `rating`. */
  rating: number | null;
  /** When this voter first voted (kept when the ballot is changed, so voter lists keep their order). */
  createdAt: number;
  updatedAt: number;
}
