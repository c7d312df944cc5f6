/** One movement of points. The ledger is the only truth: balances and boards sum it. */
export interface LedgerRecord {
  id: string;
  memberId: string;
  delta: number;
  rule: string;
  /** `type:id` of what earned it (or `bounty:<id>`, `checkin:<day>`), or null. */
  ref: string | null;
  at: number;
  /** Calendar day in the community's time zone, `YYYY-MM-DD`. */
  day: string;
  /** For admin adjustments. */
  reason: string | null;
  /** Set on an entry that a later `reversal` entry cancelled. */
  reversed: boolean;
  /** Who made an admin adjustment or whose action earned it. */
  actorId: string | null;
}

/** A badge awarded; id `${memberId}:${badge}` (once each). */
export interface BadgeRecord {
  id: string;
  memberId: string;
  badge: string;
  at: number;
}

/** A check-in; id `${memberId}:${day}` (once a day). */
export interface CheckInRecord {
  id: string;
  memberId: string;
  day: string;
  at: number;
  /** The streak length including this day. */
  streak: number;
}
