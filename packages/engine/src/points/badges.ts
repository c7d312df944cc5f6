import { BADGES, badgeDefinition, memberChannel, roleAtLeast, type BadgeAward, type BadgeId } from '@hearth/protocol';
import type { Core } from '../core/core.js';
import type { Store } from '../store.js';
import { lastDayOfMonth, nextMonth, previousMonth, rankMembers } from './ledger.js';
import { monthOf } from '../core/time.js';
import type { BadgeRecord, LedgerRecord } from './records.js';

/** What the badge criteria read of one member. */
export interface BadgeFacts {
  /** Standing (not reversed) entries of the member. */
  entries: readonly LedgerRecord[];
  longestStreak: number;
}

/**
 * The ledger rules `earnedBadges` reads, directly or through the check-in streak: an entry
 * under any other rule cannot earn a badge, so its award skips the check. Keep in step with
 * `earnedBadges`.
 */
const BADGE_RULES: ReadonlySet<string> = new Set(['post', 'answer_accepted', 'feedback_planned', 'feedback_done', 'check_in', 'streak_bonus']);

/** Whether an entry under `rule` can bring a member a badge. */
export function mayEarnBadge(rule: string): boolean {
  return BADGE_RULES.has(rule);
}

/** The badges a member's facts earn (all but `monthly_top3`, which months settle). */
export function earnedBadges(facts: BadgeFacts): BadgeId[] {
  const count = (rule: string) => facts.entries.filter((e) => !e.reversed && e.rule === rule).length;
  const accepted = count('answer_accepted');
  const earned: BadgeId[] = [];
  if (count('post') > 0) earned.push('first_post');
  if (accepted >= 1) earned.push('first_accepted_answer');
  if (accepted >= 10) earned.push('accepted_10');
  if (facts.longestStreak >= 7) earned.push('streak_7');
  if (facts.longestStreak >= 30) earned.push('streak_30');
  if (count('feedback_planned') + count('feedback_done') > 0) earned.push('feedback_adopted');
  return earned;
}

/** The marker that a month's top 3 were worked out. */
export function settledId(month: string): string {
  return `settled:monthly_top3:${month}`;
}

/** Badge awards: criteria checks after each change, monthly top 3 once a month is over. */
export class Badges {
  #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Awards every badge whose criteria the member now meets and does not hold yet. `ledger`,
   * when the caller already read them, is all of the member's entries.
   */
  async check(tx: Store, memberId: string, at: number, ledger?: readonly LedgerRecord[]): Promise<void> {
    const entries = ledger ? ledger.filter((e) => !e.reversed) : await tx.collection('ledger').find({ where: { memberId, reversed: false } });
    const longest = (await tx.collection('checkins').find({ where: { memberId }, orderBy: [['streak', 'desc']], limit: 1 }))[0]?.streak ?? 0;
    for (const badge of earnedBadges({ entries, longestStreak: longest })) await this.grant(tx, memberId, badge, at);
  }

  /**
   * Awards a badge once (`${memberId}:${badge}`); a badge that carries a title gives it to a
   * member who has none. Returns whether it was new.
   */
  async grant(tx: Store, memberId: string, badge: BadgeId, at: number, month: string | null = null): Promise<boolean> {
    const badges = tx.collection('badges');
    const id = `${memberId}:${badge}`;
    if (await badges.get(id)) return false;
    const record: BadgeRecord = { id, memberId, badge, at, month };
    await badges.insert(record);
    const emit = this.#core.emitter(tx);
    emit({ type: 'badge.awarded', id: this.#core.ids(), channel: memberChannel(memberId), memberId, badge: toAward(record) });
    const title = badgeDefinition(badge)?.title;
    const member = await tx.collection('members').get(memberId);
    if (title && member && member.title === null) {
      const titled = await tx.collection('members').update(memberId, { title: title.name });
      const card = await this.#core.card(tx, titled, null, at);
      emit({ type: 'member.changed', id: this.#core.ids(), channel: memberChannel(memberId), memberId, change: 'title', card });
    }
    return true;
  }

  /** A member's badges, earliest first. */
  async awards(tx: Store, memberId: string): Promise<BadgeAward[]> {
    const records = await tx.collection('badges').find({ where: { memberId } });
    return records.sort(awardOrder).map(toAward);
  }

  /** Badges of many members at once, by member. */
  async awardsOf(tx: Store, memberIds: readonly string[]): Promise<Map<string, BadgeAward[]>> {
    const out = new Map<string, BadgeAward[]>(memberIds.map((id) => [id, []]));
    if (memberIds.length === 0) return out;
    const records = await tx.collection('badges').find({ where: { memberId: { in: memberIds } } });
    for (const record of records.sort(awardOrder)) out.get(record.memberId)?.push(toAward(record));
    return out;
  }

  /** Whether the month before `day` still waits for its top 3 (a read-only check). */
  async unsettled(store: Store, day: string): Promise<boolean> {
    return (await store.collection('badges').get(settledId(previousMonth(day)))) === null;
  }

  /**
   * Once the month before `at` is over, awards `monthly_top3` to its top 3 (staff left out
   * when the community says so, by their role now) and marks the month settled, so it runs
   * once however many reads trigger it. Earlier months nothing read in time (a quiet month
   * after them) settle in the same pass, oldest first, from the ledger's first month.
   */
  async settle(tx: Store, at: number): Promise<void> {
    const settings = await this.#core.settings(tx);
    const last = previousMonth(this.#core.day(at, settings));
    const badges = tx.collection('badges');
    if (await badges.get(settledId(last))) return;
    const first = (await tx.collection('ledger').find({ orderBy: [['day', 'asc']], limit: 1 }))[0];
    let month = first && monthOf(first.day) < last ? monthOf(first.day) : last;
    for (; month <= last; month = nextMonth(month)) {
      if (!(await badges.get(settledId(month)))) await this.#settleMonth(tx, month, settings.leaderboardExcludesStaff, at);
    }
  }

  /** Awards one month's top 3 and marks the month settled. */
  async #settleMonth(tx: Store, month: string, excludeStaff: boolean, at: number): Promise<void> {
    const badges = tx.collection('badges');
    const entries = await tx.collection('ledger').find({ where: { day: { gte: `${month}-01`, lte: lastDayOfMonth(month) } } });
    let ranked = rankMembers(entries);
    if (excludeStaff) {
      const members = new Map((await tx.collection('members').getMany(ranked.map((r) => r.memberId))).map((m) => [m.id, m]));
      ranked = ranked.filter((r) => {
        const m = members.get(r.memberId);
        return !m || !roleAtLeast(m.assignedRole ?? m.role, 'moderator');
      });
    }
    for (const { memberId } of ranked.slice(0, 3)) await this.grant(tx, memberId, 'monthly_top3', at, month);
    await badges.insert({ id: settledId(month), memberId: '', badge: 'monthly_top3', at, month });
  }
}

/** Earliest first; badges of the same instant in catalogue order (7-day before 30-day). */
function awardOrder(a: BadgeRecord, b: BadgeRecord): number {
  const index = (r: BadgeRecord) => BADGES.findIndex((d) => d.id === r.badge);
  return a.at - b.at || index(a) - index(b);
}

/** A badge record as members see it, named in English (widgets localise through `BADGES`). */
export function toAward(record: BadgeRecord): BadgeAward {
  const definition = BADGES.find((b) => b.id === record.badge);
  return { badge: record.badge, name: definition?.name ?? record.badge, awardedAt: new Date(record.at).toISOString() };
}
