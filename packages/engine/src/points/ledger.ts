// The pure maths of the points ledger: which entries count where, caps, levels, streaks,
// periods and ranking. No store, no clock — the service feeds it rows and days.
import { POINT_RULES, type Level, type LeaderboardPeriod, type PointsSettings } from '@hearth/protocol';
import { decodePosition, encodePosition } from '../core/page-cursor.js';
import { addDays, monthOf, weekStart } from '../core/time.js';
import type { LedgerRecord } from './records.js';

/** Movements of points between members' pockets (bounties): spendable, but never earned. */
export const BOUNTY_RULES: ReadonlySet<string> = new Set(['bounty_escrow', 'bounty_award']);

/** Movements outside the rules: admin adjustments, bounties, and the reversals that cancel entries. */
const OUTSIDE_RULES: ReadonlySet<string> = new Set(['admin_adjustment', 'bounty_escrow', 'bounty_award', 'reversal']);

/** Rules that earn by the community's rules (and streak bonuses); these are what the daily caps bound. */
export const EARNING_RULES: ReadonlySet<string> = new Set(POINT_RULES.filter((rule) => !OUTSIDE_RULES.has(rule)));

/** Rules that `reactionDailyCap` bounds, together. */
export const REACTION_RULES: ReadonlySet<string> = new Set(['reaction_received', 'upvote_received']);

/**
 * Rules whose entries the badge criteria count (first post, accepted answers, feedback
 * adopted). An award under one of them is written even when the caps (or a rule set to 0)
 * leave nothing to pay, as an entry of 0, so the milestone still counts.
 */
export const MILESTONE_RULES: ReadonlySet<string> = new Set(['post', 'answer_accepted', 'feedback_planned', 'feedback_done']);

/** Whether `reverse({ ref })` may cancel an entry: rule-earned ones only (bounties refund through `move`). */
export function reversible(entry: LedgerRecord): boolean {
  return !entry.reversed && EARNING_RULES.has(entry.rule);
}

/** Rules that something another member did earns; the member doing it to themselves earns nothing. */
export function selfExcluded(rule: string): boolean {
  return rule.endsWith('_received');
}

/** The spendable balance: every delta summed. */
export function balanceOf(entries: readonly LedgerRecord[]): number {
  return entries.reduce((sum, e) => sum + e.delta, 0);
}

/**
 * Lifetime points, which levels follow: every delta except bounty movements, so rule-earned
 * points, admin adjustments and the reversals of either. Since a reversal cancels exactly
 * one rule-earned entry, this equals the sum of `standing` entries.
 */
export function lifetimeOf(entries: readonly LedgerRecord[]): number {
  return entries.reduce((sum, e) => (BOUNTY_RULES.has(e.rule) ? sum : sum + e.delta), 0);
}

/**
 * Whether an entry counts on a leaderboard and towards lifetime points when summed by
 * period: not a bounty movement, not a reversal, not reversed. A removed post thus leaves
 * the board of the period in which it earned, not the one in which it was removed.
 */
export function standing(entry: LedgerRecord): boolean {
  return !entry.reversed && entry.rule !== 'reversal' && !BOUNTY_RULES.has(entry.rule);
}

/** Rule-earned points still standing among `entries` (one member's entries of one day). */
export function earnedOf(entries: readonly LedgerRecord[], rules: ReadonlySet<string> = EARNING_RULES): number {
  return entries.reduce((sum, e) => (!e.reversed && rules.has(e.rule) ? sum + e.delta : sum), 0);
}

/** What one member's entries of one day have earned towards the caps: rule-earned points, and those from reactions and upvotes. */
export interface DayEarnings {
  earned: number;
  reactions: number;
}

/** `DayEarnings` of one member's entries of one day. */
export function dayEarnings(entries: readonly LedgerRecord[]): DayEarnings {
  return { earned: earnedOf(entries), reactions: earnedOf(entries, REACTION_RULES) };
}

/** How an entry moves the day's earnings it belongs to (reversed, it gives its room back: `sign` -1). */
export function addEarning(day: DayEarnings, entry: Pick<LedgerRecord, 'rule' | 'delta'>, sign: 1 | -1 = 1): DayEarnings {
  if (!EARNING_RULES.has(entry.rule)) return day;
  return { earned: day.earned + sign * entry.delta, reactions: REACTION_RULES.has(entry.rule) ? day.reactions + sign * entry.delta : day.reactions };
}

/**
 * How much of `amount` a rule may still award today, given what the member has earned
 * today: at most `dailyCap` of rule-earned points in all, and at most `reactionDailyCap` of
 * those from reactions and upvotes received. Entries reversed since give their room back.
 */
export function capGrant(amount: number, rule: string, today: DayEarnings, caps: Pick<PointsSettings, 'dailyCap' | 'reactionDailyCap'>): number {
  if (amount <= 0) return 0;
  let grant = Math.min(amount, caps.dailyCap - today.earned);
  if (REACTION_RULES.has(rule)) grant = Math.min(grant, caps.reactionDailyCap - today.reactions);
  return Math.max(0, grant);
}

/** The level for lifetime points and the one after it (null at the top). Below zero is the first level. */
export function levelFor(levels: readonly Level[], lifetime: number): { level: Level; next: Level | null } {
  const sorted = [...levels].sort((a, b) => a.minPoints - b.minPoints);
  let level = sorted[0]!;
  for (const candidate of sorted) if (lifetime >= candidate.minPoints) level = candidate;
  const next = sorted.find((l) => l.minPoints > level.minPoints && l.minPoints > lifetime) ?? null;
  return { level, next };
}

/** The streak a check-in on `day` makes, after the member's previous check-in. */
export function streakOn(day: string, previous: { day: string; streak: number } | null): number {
  return previous !== null && previous.day === addDays(day, -1) ? previous.streak + 1 : 1;
}

/** The streak still alive on `today`: the last check-in's, when it was today or yesterday; else 0. */
export function aliveStreak(last: { day: string; streak: number } | null, today: string): number {
  if (!last) return 0;
  return last.day === today || last.day === addDays(today, -1) ? last.streak : 0;
}

/** The bonus a check-in that makes a streak of exactly `streak` days earns, or null. */
export function bonusOn(bonuses: PointsSettings['streakBonuses'], streak: number): { days: number; points: number } | null {
  const bonus = bonuses.find((b) => b.days === streak && b.points > 0);
  return bonus ? { days: bonus.days, points: bonus.points } : null;
}

/** The next bonus after an alive streak of `alive` days, and how many check-ins it takes. */
export function nextBonus(bonuses: PointsSettings['streakBonuses'], alive: number): { days: number; points: number; checkIns: number } | null {
  const ahead = bonuses.filter((b) => b.days > alive && b.points > 0).sort((a, b) => a.days - b.days)[0];
  return ahead ? { days: ahead.days, points: ahead.points, checkIns: ahead.days - alive } : null;
}

/** The first and last day of a period holding `today` (`week` starts Monday); null for all time. */
export function periodDays(period: Exclude<LeaderboardPeriod, 'range'>, today: string): { from: string | null; to: string | null } {
  if (period === 'all') return { from: null, to: null };
  if (period === 'week') {
    const from = weekStart(today);
    return { from, to: addDays(from, 6) };
  }
  const from = `${monthOf(today)}-01`;
  return { from, to: lastDayOfMonth(monthOf(today)) };
}

/** The last day (`YYYY-MM-DD`) of a `YYYY-MM` month. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The month (`YYYY-MM`) after a `YYYY-MM` month. */
export function nextMonth(month: string): string {
  return monthOf(addDays(lastDayOfMonth(month), 1));
}

/** The month (`YYYY-MM`) before the one holding `day`. */
export function previousMonth(day: string): string {
  return monthOf(addDays(`${monthOf(day)}-01`, -1));
}

/** A member's total in a period and when it first reached that total. */
export interface Ranked {
  memberId: string;
  points: number;
  /** The earliest time the running total of the period equalled its final value. */
  reachedAt: number;
}

/**
 * Ranks members by the standing entries given (one period's): highest total first; a tie
 * goes to whoever reached their total first, then by member id so the order is stable.
 * Members whose total is not positive are not ranked.
 */
export function rankMembers(entries: readonly LedgerRecord[]): Ranked[] {
  const byMember = new Map<string, LedgerRecord[]>();
  for (const entry of entries) {
    if (!standing(entry)) continue;
    let list = byMember.get(entry.memberId);
    if (!list) byMember.set(entry.memberId, (list = []));
    list.push(entry);
  }
  const ranked: Ranked[] = [];
  for (const [memberId, list] of byMember) {
    list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const total = list.reduce((sum, e) => sum + e.delta, 0);
    if (total <= 0) continue;
    let running = 0;
    let reachedAt = list[list.length - 1]!.at;
    for (let i = 0; i < list.length; i++) {
      running += list[i]!.delta;
      // Entries at the same instant land together: the total is only "reached" after all of them.
      if (i + 1 < list.length && list[i + 1]!.at === list[i]!.at) continue;
      if (running === total) {
        reachedAt = list[i]!.at;
        break;
      }
    }
    ranked.push({ memberId, points: total, reachedAt });
  }
  return ranked.sort((a, b) => b.points - a.points || a.reachedAt - b.reachedAt || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
}

/** Encodes where the next page of a history starts (newest first: time, then id). */
export function encodeHistoryCursor(last: Pick<LedgerRecord, 'at' | 'id'>): string {
  return encodePosition('h', last);
}

/** Reads a history cursor, or throws a `validation` error on `cursor`. */
export function decodeHistoryCursor(cursor: string): { at: number; id: string } {
  return decodePosition('h', cursor);
}
