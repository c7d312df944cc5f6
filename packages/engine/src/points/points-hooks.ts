import { HearthError, POINT_RULES, leaderboardChannel, memberChannel, type CommunityEvent, type CommunitySettings } from '@hearth/protocol';
import type { Core, PointsHooks, PointsSummary } from '../core/core.js';
import type { Store } from '../store.js';
import { Badges, mayEarnBadge } from './badges.js';
import { BOUNTY_RULES, MILESTONE_RULES, addEarning, aliveStreak, balanceOf, capGrant, dayEarnings, levelFor, lifetimeOf, reversible, selfExcluded, type DayEarnings } from './ledger.js';
import type { LedgerRecord } from './records.js';
import type { PointSums } from '../records.js';

/** Rules earned at most once per member and day (their ref names the day). */
const ONCE_A_DAY = new Set(['check_in', 'streak_bonus']);

type PointsChanged = Extract<CommunityEvent, { type: 'points.changed' }>;

/** What one member's points add up to now. */
export interface Totals {
  balance: number;
  lifetimePoints: number;
  level: PointsSummary['level'];
}

/**
 * The points ledger as the other services use it (`core.points`): awards within the caps,
 * reversals, bounty moves, balances, badges and card summaries. Each change publishes one
 * `points.changed` per member and one `leaderboard.changed` per write, with the totals as
 * they stand when the write commits.
 */
export class PointsLedger implements PointsHooks {
  #core: Core;
  readonly badges: Badges;
  /** Per open write: the `points.changed` event already queued for each member, updated in place. */
  #queued = new WeakMap<Store, Map<string, PointsChanged>>();

  constructor(core: Core) {
    this.#core = core;
    this.badges = new Badges(core);
  }

  /** Awards what `rule` earns under the community's rules, within the caps; null when nothing was earned. */
  async award(tx: Store, entry: { memberId: string; rule: string; ref: string | null; at: number; actorId?: string | null; fresh?: boolean }): Promise<LedgerRecord | null> {
    const settings = await this.#core.settings(tx);
    const amount = settings.points.rules[entry.rule] ?? 0;
    return this.earn(tx, { ...entry, amount }, settings);
  }

  /**
   * Writes an entry of a rule-earned `amount` (the rules' or a streak bonus's), after the
   * self, duplicate and cap checks; checks badges after it. What the caps leave nothing of
   * is not written, except under `MILESTONE_RULES` (an entry of 0, so badges still see it).
   */
  async earn(
    tx: Store,
    entry: { memberId: string; rule: string; ref: string | null; at: number; actorId?: string | null; amount: number; fresh?: boolean },
    settings?: CommunitySettings,
  ): Promise<LedgerRecord | null> {
    const { memberId, rule, ref, at, amount } = entry;
    const actorId = entry.actorId ?? null;
    const milestone = MILESTONE_RULES.has(rule);
    if (amount < 0 || (amount === 0 && !milestone)) return null;
    if (selfExcluded(rule) && actorId === memberId) return null;
    const ledger = tx.collection('ledger');
    if (ref !== null && entry.fresh !== true) {
      const prior = await ledger.find({ where: { memberId, rule, ref, reversed: false } });
      if (prior.some((e) => (e.actorId ?? null) === actorId)) return null;
    }
    settings ??= await this.#core.settings(tx);
    const day = this.#core.day(at, settings);
    const delta = capGrant(amount, rule, await this.#earnedOn(tx, memberId, day), settings.points);
    if (delta <= 0 && !milestone) return null;
    // A day's check-in and its streak bonus happen once, so their entries are named by what
    // they are: two tabs checking in at once then merge into one entry instead of paying twice.
    const id = ONCE_A_DAY.has(rule) && ref !== null ? `${memberId}:${rule}:${ref}` : this.#core.ids();
    const record: LedgerRecord = { id, memberId, delta, rule, ref, at, day, reason: null, reversed: false, actorId, reverses: null };
    await this.#insert(tx, record);
    await this.changed(tx, memberId, at, settings, rule);
    return record;
  }

  /** Reverses every standing rule-earned entry for `ref` (narrowed when asked) with `reversal` entries. */
  async reverse(tx: Store, entry: { ref: string; memberId?: string; rule?: string; actorId?: string | null; at: number }): Promise<void> {
    const ledger = tx.collection('ledger');
    const where: Parameters<typeof ledger.find>[0] = { where: { ref: entry.ref, reversed: false } };
    if (entry.memberId !== undefined) where.where!.memberId = entry.memberId;
    if (entry.rule !== undefined) where.where!.rule = entry.rule;
    const found = (await ledger.find(where)).filter((e) => reversible(e) && (entry.actorId === undefined || (e.actorId ?? null) === (entry.actorId ?? null)));
    if (found.length === 0) return;
    const settings = await this.#core.settings(tx);
    const day = this.#core.day(entry.at, settings);
    for (const original of found) {
      await ledger.update(original.id, { reversed: true });
      await this.#gaveBack(tx, original);
      // An entry of 0 (a milestone the caps left unpaid) has nothing to give back.
      if (original.delta === 0) continue;
      await this.#insert(tx, {
        id: this.#core.ids(),
        memberId: original.memberId,
        delta: -original.delta,
        rule: 'reversal',
        ref: original.ref,
        at: entry.at,
        day,
        reason: null,
        reversed: false,
        actorId: original.actorId,
        reverses: original.id,
      });
    }
    for (const memberId of new Set(found.map((e) => e.memberId))) await this.changed(tx, memberId, entry.at, settings);
  }

  /** Moves points outside the rules and caps (bounties, adjustments); a negative delta may not exceed the balance. */
  async move(
    tx: Store,
    entry: { memberId: string; delta: number; rule: string; ref: string | null; at: number; actorId?: string | null; reason?: string | null },
  ): Promise<LedgerRecord> {
    const { memberId, delta, rule, ref, at } = entry;
    if (!Number.isInteger(delta) || delta === 0) throw HearthError.validation('delta', 'Move a whole, non-zero number of points.');
    if (!(POINT_RULES as readonly string[]).includes(rule) || rule === 'reversal') {
      throw new HearthError('internal', `"${rule}" is not a rule points can move under.`);
    }
    if (delta < 0) {
      const { balance } = await this.#sums(tx, memberId);
      if (balance + delta < 0) {
        throw new HearthError('conflict', `The balance is only ${balance} points, so ${-delta} cannot be taken from it.`, { balance, needed: -delta });
      }
    }
    const settings = await this.#core.settings(tx);
    const record: LedgerRecord = {
      id: this.#core.ids(),
      memberId,
      delta,
      rule,
      ref,
      at,
      day: this.#core.day(at, settings),
      reason: entry.reason ?? null,
      reversed: false,
      actorId: entry.actorId ?? null,
      reverses: null,
    };
    await this.#insert(tx, record);
    await this.changed(tx, memberId, at, settings);
    return record;
  }

  /** The points a member can spend now. */
  async balance(tx: Store, memberId: string): Promise<number> {
    return (await this.#sums(tx, memberId)).balance;
  }

  /** Awards any badges whose criteria the member now meets. */
  async checkBadges(tx: Store, memberId: string, at: number): Promise<void> {
    await this.badges.check(tx, memberId, at);
  }

  /** Lifetime, balance, level, badges and current streak, for member cards. */
  async summary(tx: Store, memberId: string, at: number): Promise<PointsSummary> {
    const settings = await this.#core.settings(tx);
    const totals = await this.totals(tx, memberId, settings);
    const last = (await tx.collection('checkins').find({ where: { memberId }, orderBy: [['day', 'desc']], limit: 1 }))[0] ?? null;
    return {
      lifetimePoints: totals.lifetimePoints,
      balance: totals.balance,
      level: totals.level,
      badges: await this.badges.awards(tx, memberId),
      streak: aliveStreak(last, this.#core.day(at, settings)),
    };
  }

  /** Balance, lifetime points and level of one member. */
  async totals(tx: Store, memberId: string, settings?: CommunitySettings): Promise<Totals> {
    settings ??= await this.#core.settings(tx);
    return totalsOf(await this.#sums(tx, memberId), settings);
  }

  /**
   * Writes one ledger entry and moves the member's running sums with it. Every entry goes
   * through here, or the sums would drift from the ledger. Points go to members who have a
   * record (everyone earning has acted here); an entry for one without a record moves no
   * sums, and a write creating that record at the same moment would miss it in the sums it
   * works out, since the two touch no common row.
   */
  async #insert(tx: Store, record: LedgerRecord): Promise<void> {
    const members = tx.collection('members');
    const member = await members.get(record.memberId);
    const before = await this.#sums(tx, record.memberId);
    // Read before the entry is written, so the ledger (when it has to answer) does not count it twice.
    const earned = await this.#earnedOn(tx, record.memberId, record.day);
    await tx.collection('ledger').append(record);
    if (!member) return;
    const lifetime = BOUNTY_RULES.has(record.rule) ? before.lifetime : before.lifetime + record.delta;
    const points: PointSums = { balance: before.balance + record.delta, lifetime };
    // An entry dated before the kept day (a clock or time-zone change) leaves the kept day as it is.
    const kept = before.today;
    if (kept && kept.day > record.day) points.today = kept;
    else points.today = { day: record.day, ...addEarning(earned, record) };
    await members.update(record.memberId, { points });
  }

  /**
   * What the member's entries of `day` have earned towards the caps: from their kept sums
   * when those are of that day (or of an earlier one: nothing yet), else from the ledger.
   */
  async #earnedOn(tx: Store, memberId: string, day: string): Promise<DayEarnings> {
    const today = (await tx.collection('members').get(memberId))?.points?.today;
    if (today && today.day === day) return { earned: today.earned, reactions: today.reactions };
    if (today && today.day < day) return { earned: 0, reactions: 0 };
    return dayEarnings(await tx.collection('ledger').find({ where: { memberId, day } }));
  }

  /** A reversed entry of the member's kept day gives its room under the caps back. */
  async #gaveBack(tx: Store, original: LedgerRecord): Promise<void> {
    const members = tx.collection('members');
    const points = (await members.get(original.memberId))?.points;
    if (!points?.today || points.today.day !== original.day) return;
    await members.update(original.memberId, { points: { ...points, today: { day: original.day, ...addEarning(points.today, original, -1) } } });
  }

  /** What the member's entries add up to: kept on their record, else worked out from the ledger. */
  async #sums(tx: Store, memberId: string): Promise<PointSums> {
    const kept = (await tx.collection('members').get(memberId))?.points;
    if (kept) return kept;
    const entries = await tx.collection('ledger').find({ where: { memberId } });
    return { balance: balanceOf(entries), lifetime: lifetimeOf(entries) };
  }

  /**
   * After a member's points moved inside a write: checks badges (unless the one entry
   * written, under `rule`, cannot earn any), and queues (or refreshes) the member's
   * `points.changed` and the write's one `leaderboard.changed`.
   */
  async changed(tx: Store, memberId: string, at: number, settings?: CommunitySettings, rule?: string): Promise<void> {
    settings ??= await this.#core.settings(tx);
    if (rule === undefined || mayEarnBadge(rule)) await this.badges.check(tx, memberId, at);
    const totals = await this.totals(tx, memberId, settings);
    let queued = this.#queued.get(tx);
    if (!queued) {
      this.#queued.set(tx, (queued = new Map()));
      this.#core.emitter(tx)({ type: 'leaderboard.changed', id: this.#core.ids(), channel: leaderboardChannel() });
    }
    const event = queued.get(memberId);
    if (event) {
      // Events go out after commit, so refreshing the queued object publishes the final totals once.
      Object.assign(event, totals);
      return;
    }
    const fresh: PointsChanged = { type: 'points.changed', id: this.#core.ids(), channel: memberChannel(memberId), memberId, ...totals };
    queued.set(memberId, fresh);
    this.#core.emitter(tx)(fresh);
  }
}

/** Balance, lifetime points and level from what a member's entries add up to. */
function totalsOf(sums: PointSums, settings: CommunitySettings): Totals {
  return { balance: sums.balance, lifetimePoints: sums.lifetime, level: levelFor(settings.points.levels, sums.lifetime).level };
}
