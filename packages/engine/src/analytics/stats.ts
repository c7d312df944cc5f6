// Pure statistics behind `analytics.metrics`: no store, no clock, no time zones (days are
// already calendar days in the community's zone). docs/analytics.md defines each number.
import { addDays, daysBetween, weekStart } from '../core/time.js';

/** The median: the middle value, or the mean of the two middle values for an even count; null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The nearest-rank percentile: the smallest value with at least `p`% of the values at or
 * below it (rank ⌈p/100 · n⌉ of the sorted values); null when empty. Always an observed value.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p > 0 && p <= 100)) throw new RangeError(`A percentile is in (0, 100]; got ${p}.`);
  const sorted = [...values].sort((a, b) => a - b);
  // p·n first, then /100: (p/100)·n rounds up in binary (0.07·100 = 7.000000000000001) and
  // would take the next rank; the epsilon absorbs the same error for fractional p.
  const rank = Math.ceil((p * sorted.length) / 100 - 1e-9);
  return sorted[Math.max(1, rank) - 1]!;
}

/** `part / whole`, or null when `whole` is 0. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Whether `day` is a real calendar date written `YYYY-MM-DD` (so 2026-02-30 is not). */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  return addDays(day, 0) === day;
}

/** Every day from `from` to `to`, both included (empty when `to` is before `from`). */
export function dayRange(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  const days: string[] = [];
  for (let i = 0; i <= n; i++) days.push(addDays(from, i));
  return days;
}

/** Which members were active on which day: day → member ids. */
export type ActiveByDay = ReadonlyMap<string, ReadonlySet<string>>;

/** Groups (day, member) pairs into day → distinct members. */
export function bucketByDay(events: Iterable<{ day: string; memberId: string }>): Map<string, Set<string>> {
  const byDay = new Map<string, Set<string>>();
  for (const { day, memberId } of events) {
    let set = byDay.get(day);
    if (!set) byDay.set(day, (set = new Set()));
    set.add(memberId);
  }
  return byDay;
}

/** Distinct members active in the `window` days ending `day` (day itself included). */
export function activeInWindow(byDay: ActiveByDay, day: string, window: number): number {
  const members = new Set<string>();
  for (let i = 0; i < window; i++) for (const id of byDay.get(addDays(day, -i)) ?? []) members.add(id);
  return members.size;
}

/** The retention days reported, as days after the join day. */
export const RETENTION_DAYS = [1, 7, 30] as const;

/** One Dn of a cohort. */
export interface RetentionPointValue {
  eligible: number;
  retained: number;
  rate: number | null;
}

/** One join-week cohort. */
export interface CohortValue {
  week: string;
  members: number;
  d1: RetentionPointValue;
  d7: RetentionPointValue;
  d30: RetentionPointValue;
}

/**
 * Classic day-n retention by ISO join week. A member belongs to the cohort of the Monday
 * starting their join week. For each n in 1, 7, 30, a member is *eligible* when their day n
 * (join day + n) is on or before `lastDay` — days not yet lived are not counted as lost —
 * and *retained* when they were active on exactly that day. Cohorts come oldest first.
 */
export function retentionCohorts(joins: Iterable<{ memberId: string; day: string }>, byDay: ActiveByDay, lastDay: string): CohortValue[] {
  const cohorts = new Map<string, Array<{ memberId: string; day: string }>>();
  for (const join of joins) {
    const week = weekStart(join.day);
    let list = cohorts.get(week);
    if (!list) cohorts.set(week, (list = []));
    list.push(join);
  }
  const point = (members: Array<{ memberId: string; day: string }>, n: number): RetentionPointValue => {
    let eligible = 0;
    let retained = 0;
    for (const { memberId, day } of members) {
      const target = addDays(day, n);
      if (target > lastDay) continue;
      eligible += 1;
      if (byDay.get(target)?.has(memberId)) retained += 1;
    }
    return { eligible, retained, rate: ratio(retained, eligible) };
  };
  return [...cohorts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([week, members]) => ({ week, members: members.length, d1: point(members, 1), d7: point(members, 7), d30: point(members, 30) }));
}

/** The `limit` keys with the highest counts, ties broken by key ascending. */
export function topCounts(counts: ReadonlyMap<string, number>, limit: number): Array<[string, number]> {
  return [...counts.entries()].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0)).slice(0, limit);
}
