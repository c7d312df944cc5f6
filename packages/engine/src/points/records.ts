/**
 * One movement of points. The ledger is the only truth: balances, levels and boards sum it,
 * so nothing here is a counter that could drift from the rows.
 */
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
  /** On a `reversal` entry: the id of the entry it cancels (null otherwise; absent on old rows). */
  reverses?: string | null;
}

/**
 * A badge awarded; id `${memberId}:${badge}` (once each).
 *
 * The same collection keeps one marker per settled month, id `settled:monthly_top3:<YYYY-MM>`
 * with `memberId` `''`, so the month's top 3 are worked out once. No member has the id `''`,
 * so member queries never see markers.
 */
export interface BadgeRecord {
  id: string;
  memberId: string;
  badge: string;
  at: number;
  /** For `monthly_top3` awards and markers: the month it was earned for. */
  month?: string | null;
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
