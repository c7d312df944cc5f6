import {
  AdjustPointsInput,
  BadgeGrantInput,
  BADGES,
  BadgeCatalogueInput,
  PreviewLeaderboardInput,
  type BadgeCatalogueEntry,
  type BadgeDefinition,
  type LeaderboardPreview,
  GetStandingInput,
  HearthError,
  LeaderboardInput,
  ListBadgesInput,
  PAGE_SIZE,
  PointsEmptyInput,
  PointsHistoryInput,
  badgeDefinition,
  memberChannel,
  parseInput,
  type AdjustPointsResult,
  type BadgeAward,
  type CheckInResult,
  type CheckInStatus,
  type CommunitySettings,
  type GamificationAdapter,
  type Leaderboard,
  type Page,
  type PointRule,
  type PointsEntry,
  type PointsStanding,
} from '@hearth/protocol';
import type { Actor, Core } from '../core/core.js';
import type { EngineGroup } from '../core/group.js';
import { DuplicateRecordError } from '../collections.js';
import { addDays } from '../core/time.js';
import type { Store } from '../store.js';
import { buildBoard } from './leaderboard.js';
import { previewBoard } from './preview.js';
import { checkPoints } from '../community/community-service.js';
import { aliveStreak, bonusOn, decodeHistoryCursor, earnedOf, encodeHistoryCursor, levelFor, nextBonus, streakOn } from './ledger.js';
import { PointsLedger } from './points-hooks.js';
import type { LedgerRecord } from './records.js';

/**
 * Points, levels, badges, daily check-ins and leaderboards. Installs `core.points` (the
 * ledger every other service awards through). Public methods are exactly the operations of
 * `GamificationAdapter`.
 */
export class GamificationService implements EngineGroup<GamificationAdapter> {
  #core: Core;
  #ledger: PointsLedger;

  constructor(core: Core) {
    this.#core = core;
    this.#ledger = new PointsLedger(core);
    core.points = this.#ledger;
  }

  /** Checks the viewer in for today (community time zone); a second time today is a `conflict`. */
  async checkIn(input: unknown, viewer: Actor): Promise<CheckInResult> {
    parseInput(PointsEmptyInput, input ?? {});
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'check_in');
      const memberId = acting.member.id;
      const settings = await this.#core.settings(tx);
      const day = this.#core.day(at, settings);
      const checkins = tx.collection('checkins');
      if (await checkins.get(`${memberId}:${day}`)) throw alreadyCheckedIn();
      const streak = streakOn(day, await checkins.get(`${memberId}:${addDays(day, -1)}`));
      try {
        await checkins.insert({ id: `${memberId}:${day}`, memberId, day, at, streak });
      } catch (error) {
        if (error instanceof DuplicateRecordError) throw alreadyCheckedIn();
        throw error;
      }
      const ref = `checkin:${day}`;
      const earnedCheckIn = await this.#ledger.award(tx, { memberId, rule: 'check_in', ref, at, actorId: memberId });
      const bonus = bonusOn(settings.points.streakBonuses, streak);
      const earnedBonus = bonus ? await this.#ledger.earn(tx, { memberId, rule: 'streak_bonus', ref, at, actorId: memberId, amount: bonus.points }, settings) : null;
      // A streak badge may be due even when the caps left the check-in earning nothing.
      await this.#ledger.badges.check(tx, memberId, at);
      await this.#ledger.badges.settle(tx, at);
      await this.#core.track(tx, acting, 'checkin', ref, { streak }, at);
      const status = await this.#status(tx, memberId, settings, at);
      return {
        ...status,
        earned: (earnedCheckIn?.delta ?? 0) + (earnedBonus?.delta ?? 0),
        bonus,
        balance: await this.#ledger.balance(tx, memberId),
      };
    });
  }

  /** The viewer's check-in state: checked in today, streak, longest streak, next bonus. */
  async getCheckIn(input: unknown, viewer: Actor): Promise<CheckInStatus> {
    parseInput(PointsEmptyInput, input ?? {});
    const member = this.#core.requireClaims(viewer);
    const store = this.#core.store;
    return this.#status(store, member.id, await this.#core.settings(store), this.#core.clock());
  }

  /** Top members of a period with the viewer's own row; staff left out when the community says so. */
  async leaderboard(input: unknown, viewer: Actor): Promise<Leaderboard> {
    const query = parseInput(LeaderboardInput, input);
    const member = (await this.#core.known(this.#core.store, viewer))?.member ?? null;
    const at = this.#core.clock();
    await this.#settle(at);
    const store = this.#core.store;
    const settings = await this.#core.settings(store);
    return buildBoard(store, this.#ledger, settings, query, this.#core.day(at, settings), member);
  }

  /** Why a member has their points, newest first: their own, or anyone's for staff. */
  async pointsHistory(input: unknown, viewer: Actor): Promise<Page<PointsEntry>> {
    const { memberId: asked, cursor, limit = PAGE_SIZE.default } = parseInput(PointsHistoryInput, input);
    const after = cursor === undefined ? null : decodeHistoryCursor(cursor);
    const store = this.#core.store;
    const known = await this.#core.known(store, viewer);
    if (!known) throw new HearthError('unauthorized', 'Sign in to see your points.');
    const memberId = asked ?? known.member.id;
    if (memberId !== known.member.id) {
      if (!this.#core.isStaff(known.member)) throw new HearthError('forbidden', 'You can only see your own points history.');
      if (!(await store.collection('members').get(memberId))) throw noMember(memberId);
    }
    const ledger = store.collection('ledger');
    // Newest first, ties by id ascending (the collection's tie order): the rest of the
    // cursor's instant first, then everything older.
    let rows: LedgerRecord[] = [];
    if (after) {
      rows = await ledger.find({ where: { memberId, at: after.at, id: { gt: after.id } }, limit: limit + 1 });
    }
    if (rows.length <= limit) {
      const older = await ledger.find({ where: { memberId, ...(after ? { at: { lt: after.at } } : {}) }, orderBy: [['at', 'desc']], limit: limit + 1 - rows.length });
      rows = [...rows, ...older];
    }
    const items = rows.slice(0, limit);
    const reversedRules = await this.#reversedRules(store, items);
    const last = items[items.length - 1];
    return { items: items.map((e) => toEntry(e, reversedRules)), nextCursor: rows.length > limit && last ? encodeHistoryCursor(last) : null };
  }

  /** Balance, lifetime points, level and today's earnings of the viewer (or any member). */
  async getStanding(input: unknown, viewer: Actor): Promise<PointsStanding> {
    const { memberId: asked } = parseInput(GetStandingInput, input ?? {});
    const store = this.#core.store;
    const self = asked === undefined ? this.#core.requireClaims(viewer).id : this.#core.claims(viewer)?.id;
    const memberId = asked ?? self!;
    // One's own standing reads as zeros before the first write; anyone else must exist.
    if (memberId !== self && !(await store.collection('members').get(memberId))) throw noMember(memberId);
    return this.#standing(store, memberId, this.#core.clock());
  }

  /** Adds or takes points with a reason (admins), outside the caps. Audited; a negative adjustment may not exceed the balance. */
  async adjustPoints(input: unknown, viewer: Actor): Promise<AdjustPointsResult> {
    const { memberId, delta, reason, idempotencyKey } = parseInput(AdjustPointsInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'manage');
      if (!(await tx.collection('members').get(memberId))) throw noMember(memberId);
      const create = async () => {
        const entry = await this.#ledger.move(tx, { memberId, delta, rule: 'admin_adjustment', ref: null, at, actorId: acting.member.id, reason });
        await this.#core.audit(tx, { action: 'points.adjust', actor: acting.member, target: `member:${memberId}`, reason, at, data: { delta } });
        await this.#core.track(tx, acting, 'points.adjusted', `member:${memberId}`, { delta }, at);
        return { id: entry.id, result: { entry: toEntry(entry, new Map()), standing: await this.#standing(tx, memberId, at) } };
      };
      const load = async (id: string) => {
        const entry = await tx.collection('ledger').get(id);
        if (!entry) throw new HearthError('internal', 'The adjustment this key made is missing.');
        return { entry: toEntry(entry, new Map()), standing: await this.#standing(tx, entry.memberId, at) };
      };
      if (idempotencyKey === undefined) return (await create()).result;
      const fingerprint = JSON.stringify(['points.adjust', memberId, delta, reason]);
      return this.#core.once(tx, acting.member.id, idempotencyKey, fingerprint, create, load, at);
    });
  }

  /** A member's badges, earliest first, with names. */
  async listBadges(input: unknown, _viewer: Actor): Promise<BadgeAward[]> {
    const { memberId } = parseInput(ListBadgesInput, input);
    const at = this.#core.clock();
    await this.#settle(at);
    const store = this.#core.store;
    if (!(await store.collection('members').get(memberId))) throw noMember(memberId);
    return this.#ledger.badges.awards(store, memberId);
  }

  /**
   * The period's board as it stands beside the board the proposed points settings would
   * have given it (admins): the period's entries re-priced and capped again under them, as
   * `repriceEntries` explains. Nothing is written: saved rules apply from then on.
   */
  async previewLeaderboard(input: unknown, viewer: Actor): Promise<LeaderboardPreview> {
    const { points, ...query } = parseInput(PreviewLeaderboardInput, input);
    // The checks a save makes, with its messages and field paths (`points.levels.1.minPoints`).
    checkPoints(points);
    const store = this.#core.store;
    const known = await this.#core.known(store, viewer);
    if (!known) throw new HearthError('unauthorized', 'Sign in to take part.');
    this.#core.require(known.member, 'manage');
    const settings = await this.#core.settings(store);
    return previewBoard(store, this.#ledger, settings, points, query, this.#core.day(this.#core.clock(), settings));
  }

  /** Every badge of the catalogue with its criteria and how many members hold it. */
  async badgeCatalogue(input: unknown, _viewer: Actor): Promise<BadgeCatalogueEntry[]> {
    parseInput(BadgeCatalogueInput, input ?? {});
    await this.#settle(this.#core.clock());
    const badges = this.#core.store.collection('badges');
    const entries: BadgeCatalogueEntry[] = [];
    for (const badge of BADGES as readonly BadgeDefinition[]) {
      // Settled-month markers have no member (`memberId` '').
      const holders = await badges.count({ badge: badge.id, memberId: { ne: '' } });
      entries.push({ badge: badge.id, name: badge.name, names: badge.names, criteria: badge.criteria, criteriaNames: badge.criteriaNames, title: badge.title, holders });
    }
    return entries;
  }

  /**
   * Awards a badge by hand (permission `manage`), as an earned one is awarded: a badge with
   * a title gives it to a member who has none. Holding it already changes nothing. Audited.
   */
  async grantBadge(input: unknown, viewer: Actor): Promise<PointsStanding> {
    const { memberId, badge, reason } = parseInput(BadgeGrantInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'manage');
      if (!(await tx.collection('members').get(memberId))) throw noMember(memberId);
      if (await this.#ledger.badges.grant(tx, memberId, badge, at)) {
        await this.#core.audit(tx, { action: 'badge.grant', actor: acting.member, target: `member:${memberId}`, reason: reason || null, at, data: { badge } });
      }
      return this.#standing(tx, memberId, at);
    });
  }

  /**
   * Takes a badge away (permission `manage`), with the title it gave when the member still
   * carries it. Not holding it changes nothing. Audited.
   */
  async revokeBadge(input: unknown, viewer: Actor): Promise<PointsStanding> {
    const { memberId, badge, reason } = parseInput(BadgeGrantInput, input);
    const at = this.#core.clock();
    return this.#core.write(async (tx, emit) => {
      const acting = await this.#core.act(tx, viewer, at);
      this.#core.require(acting.member, 'manage');
      const member = await tx.collection('members').get(memberId);
      if (!member) throw noMember(memberId);
      if (!(await tx.collection('badges').remove(`${memberId}:${badge}`))) return this.#standing(tx, memberId, at);
      const title = badgeDefinition(badge)?.title ?? null;
      const untitled = title !== null && member.title === title.name;
      if (untitled) {
        const changed = await tx.collection('members').update(memberId, { title: null });
        emit({ type: 'member.changed', id: this.#core.ids(), channel: memberChannel(memberId), memberId, change: 'title', card: await this.#core.card(tx, changed, null, at) });
      }
      await this.#core.audit(tx, { action: 'badge.revoke', actor: acting.member, target: `member:${memberId}`, reason: reason || null, at, data: { badge, title: untitled ? title.name : null } });
      return this.#standing(tx, memberId, at);
    });
  }

  /** Settles last month's top 3 the first time anything reads after it ended. */
  async #settle(at: number): Promise<void> {
    const settings = await this.#core.settings();
    if (!(await this.#ledger.badges.unsettled(this.#core.store, this.#core.day(at, settings)))) return;
    await this.#core.write((tx) => this.#ledger.badges.settle(tx, at));
  }

  async #status(store: Store, memberId: string, settings: CommunitySettings, at: number): Promise<CheckInStatus> {
    const day = this.#core.day(at, settings);
    const checkins = store.collection('checkins');
    const last = (await checkins.find({ where: { memberId }, orderBy: [['day', 'desc']], limit: 1 }))[0] ?? null;
    const longest = (await checkins.find({ where: { memberId }, orderBy: [['streak', 'desc']], limit: 1 }))[0]?.streak ?? 0;
    const streak = aliveStreak(last, day);
    return { day, checkedInToday: last?.day === day, streak, longestStreak: longest, nextBonus: nextBonus(settings.points.streakBonuses, streak) };
  }

  async #standing(store: Store, memberId: string, at: number): Promise<PointsStanding> {
    const settings = await this.#core.settings(store);
    const summary = await this.#ledger.summary(store, memberId, at);
    const { next } = levelFor(settings.points.levels, summary.lifetimePoints);
    const today = await store.collection('ledger').find({ where: { memberId, day: this.#core.day(at, settings) } });
    const record = await store.collection('members').get(memberId);
    return {
      memberId,
      balance: summary.balance,
      lifetimePoints: summary.lifetimePoints,
      level: summary.level,
      nextLevel: next,
      pointsToNextLevel: next ? next.minPoints - summary.lifetimePoints : null,
      earnedToday: earnedOf(today),
      dailyCap: settings.points.dailyCap,
      title: record?.title ?? null,
      badges: summary.badges,
      streak: summary.streak,
    };
  }

  /** The rules of the entries that reversals on a page cancel. */
  async #reversedRules(store: Store, items: readonly LedgerRecord[]): Promise<Map<string, string>> {
    const ids = items.map((e) => e.reverses).filter((id): id is string => typeof id === 'string');
    const originals = ids.length ? await store.collection('ledger').getMany(ids) : [];
    return new Map(originals.map((e) => [e.id, e.rule]));
  }
}

function toEntry(record: LedgerRecord, reversedRules: Map<string, string>): PointsEntry {
  const reverses = record.reverses ?? null;
  return {
    id: record.id,
    memberId: record.memberId,
    delta: record.delta,
    rule: record.rule as PointRule,
    ref: record.ref,
    at: new Date(record.at).toISOString(),
    day: record.day,
    reason: record.reason,
    reversed: record.reversed,
    reverses: reverses === null ? null : { id: reverses, rule: (reversedRules.get(reverses) ?? 'reversal') as PointRule },
  };
}

function alreadyCheckedIn(): HearthError {
  return new HearthError('conflict', 'You have already checked in today. Come back tomorrow to keep your streak.');
}

function noMember(memberId: string): HearthError {
  return new HearthError('not_found', `There is no member "${memberId}" in this community yet.`, { issues: [{ path: 'memberId', message: 'No such member.' }] });
}
