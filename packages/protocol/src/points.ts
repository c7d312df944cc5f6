import * as z from 'zod/mini';
import type { CallContext } from './adapter.js';
import { BadgeAward, Level, PointRule } from './community.js';
import { Member } from './member.js';
import type { Page } from './page.js';
import { Cursor, PageSize, pageOf } from './page.js';
import { IdempotencyKey } from './comments.js';
import { BADGE_IDS, type BadgeId } from './badges.js';
import type { BadgeCatalogueEntry, BadgeCatalogueInput, LeaderboardPreview, PreviewLeaderboardInput } from './leaderboard-preview.js';


const MemberId = z.string().check(z.minLength(1, 'Say which member.'), z.maxLength(128));

/** A calendar day, `YYYY-MM-DD`, that exists. */
export const IsoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2024-05-31.'),
  z.refine((day) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'This date does not exist.'),
);

/** One movement of points, as the member it belongs to (and staff) see it. */
export const PointsEntry = z.object({
  id: z.string(),
  memberId: z.string(),
  /** Points added (positive) or taken (negative); 0 for a milestone (post, accepted answer, adopted feedback) the daily cap left unpaid. */
  delta: z.number(),
  rule: PointRule,
  /** `type:id` of what earned it (`post:<id>`, `checkin:<day>`, `bounty:<id>`), or null. */
  ref: z.nullable(z.string()),
  at: z.string(),
  /** The calendar day in the community's time zone when it happened. */
  day: z.string(),
  /** The admin's reason, for adjustments. */
  reason: z.nullable(z.string()),
  /** A later `reversal` entry cancelled this one (the content was removed, the reaction taken back). */
  reversed: z.boolean(),
  /** For a `reversal`: the entry it cancels, and that entry's rule. */
  reverses: z.nullable(z.object({ id: z.string(), rule: PointRule })),
});
export type PointsEntry = z.infer<typeof PointsEntry>;

/** Output of `pointsHistory`. */
export const PointsEntryPage = pageOf(PointsEntry);

/** Where a member stands: balance, lifetime points, level, today's earnings against the cap. */
export const PointsStanding = z.object({
  memberId: z.string(),
  /** Points that can be spent now (every movement summed, bounties included). */
  balance: z.number(),
  /** Points earned by the rules and admin adjustments, net of reversals; bounties aside. Levels follow it. */
  lifetimePoints: z.number(),
  level: Level,
  /** The next level, or null at the top. */
  nextLevel: z.nullable(Level),
  /** Lifetime points still needed for `nextLevel`. */
  pointsToNextLevel: z.nullable(z.number()),
  /** Rule-earned points today (community time zone), which `dailyCap` bounds. */
  earnedToday: z.number(),
  dailyCap: z.number(),
  title: z.nullable(z.string()),
  badges: z.array(BadgeAward),
  /** Current check-in streak (0 when broken). */
  streak: z.number(),
});
export type PointsStanding = z.infer<typeof PointsStanding>;

/** The next streak bonus a member is working towards. */
export const NextStreakBonus = z.object({
  /** The streak length that earns it. */
  days: z.number(),
  points: z.number(),
  /** Check-ins still needed, counting the next one. */
  checkIns: z.number(),
});
export type NextStreakBonus = z.infer<typeof NextStreakBonus>;

/** The viewer's check-in state. */
export const CheckInStatus = z.object({
  /** Today in the community's time zone. */
  day: z.string(),
  checkedInToday: z.boolean(),
  /** Current streak: consecutive days up to today or yesterday; 0 once a day was missed. */
  streak: z.number(),
  longestStreak: z.number(),
  nextBonus: z.nullable(NextStreakBonus),
});
export type CheckInStatus = z.infer<typeof CheckInStatus>;

/** What a check-in did. */
export const CheckInResult = z.extend(CheckInStatus, {
  /** Points this check-in earned (check-in plus any streak bonus, within the daily cap). */
  earned: z.number(),
  /** The streak bonus reached today, if any. */
  bonus: z.nullable(z.object({ days: z.number(), points: z.number() })),
  balance: z.number(),
});
export type CheckInResult = z.infer<typeof CheckInResult>;

export const LEADERBOARD_PERIODS = ['week', 'month', 'all', 'range'] as const;
/** `week` (Monday to Sunday), `month` (calendar month), `all` time, or a `range` of days. */
export const LeaderboardPeriod = z.enum(LEADERBOARD_PERIODS);
export type LeaderboardPeriod = z.infer<typeof LeaderboardPeriod>;

/** Leaderboards show at most this many rows. */
export const LEADERBOARD_LIMIT = { default: 10, max: 100 } as const;

export const LeaderboardInput = z.object({
  period: LeaderboardPeriod,
  /** First day of a `range` (inclusive, community time zone). */
  from: z.optional(IsoDate),
  /** Last day of a `range` (inclusive). */
  to: z.optional(IsoDate),
  /** Top N (default 10, at most 100). */
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(LEADERBOARD_LIMIT.max))),
});
export type LeaderboardInput = z.input<typeof LeaderboardInput>;

/** One row of a leaderboard. */
export const LeaderboardRow = z.object({
  /** 1-based; null for a viewer who is not ranked (no points in the period, or staff left out). */
  rank: z.nullable(z.number()),
  member: Member,
  /** Points in the period. */
  points: z.number(),
  /** Level from lifetime points. */
  level: Level,
  title: z.nullable(z.string()),
  badges: z.array(BadgeAward),
});
export type LeaderboardRow = z.infer<typeof LeaderboardRow>;

/** The top members of a period, and where the viewer stands. */
export const Leaderboard = z.object({
  period: LeaderboardPeriod,
  /** First and last day of the period (null for `all`). */
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
  items: z.array(LeaderboardRow),
  /** The viewer's own row, even outside the top N; null when signed out. */
  viewer: z.nullable(LeaderboardRow),
});
export type Leaderboard = z.infer<typeof Leaderboard>;

export const PointsHistoryInput = z.object({
  /** Whose history; the viewer's own when left out. Staff may read anyone's. */
  memberId: z.optional(MemberId),
  cursor: z.optional(Cursor),
  limit: z.optional(PageSize),
});
export type PointsHistoryInput = z.input<typeof PointsHistoryInput>;

export const GetStandingInput = z.object({
  /** Whose standing; the viewer's own when left out. */
  memberId: z.optional(MemberId),
});
export type GetStandingInput = z.input<typeof GetStandingInput>;

/** Most points one admin adjustment moves either way. */
export const ADJUSTMENT_LIMIT = 10_000;

export const AdjustPointsInput = z.object({
  memberId: MemberId,
  delta: z.number().check(
    z.int('Adjust by a whole number of points.'),
    z.minimum(-ADJUSTMENT_LIMIT, `Adjust by at most ${ADJUSTMENT_LIMIT} points.`),
    z.maximum(ADJUSTMENT_LIMIT, `Adjust by at most ${ADJUSTMENT_LIMIT} points.`),
    z.refine((n) => n !== 0, 'An adjustment must change the points.'),
  ),
  reason: z.string().check(z.trim(), z.minLength(1, 'Say why the points change.'), z.maxLength(500)),
  /** Makes a retry return the first adjustment instead of adjusting twice. */
  idempotencyKey: z.optional(IdempotencyKey),
});
export type AdjustPointsInput = z.input<typeof AdjustPointsInput>;

/** What an adjustment wrote, and where the member stands now. */
export const AdjustPointsResult = z.object({ entry: PointsEntry, standing: PointsStanding });
export type AdjustPointsResult = z.infer<typeof AdjustPointsResult>;

export const ListBadgesInput = z.object({ memberId: MemberId });
export type ListBadgesInput = z.input<typeof ListBadgesInput>;

export const BadgeGrantInput = z.object({
  memberId: MemberId,
  /** One of `BADGE_IDS`. */
  badge: z.enum(BADGE_IDS as [BadgeId, ...BadgeId[]], 'Pick one of the community\'s badges.'),
  /** Why, for the audit log. */
  reason: z.optional(z.string().check(z.trim(), z.maxLength(500))),
});
export type BadgeGrantInput = z.input<typeof BadgeGrantInput>;

export const PointsEmptyInput = z.object({});
export type PointsEmptyInput = z.input<typeof PointsEmptyInput>;

/**
 * Points, levels, badges, daily check-ins and leaderboards. Every movement of points is
 * one entry of a ledger; balances, levels and boards are sums of it.
 *
 * @example
 * const g = adapter.gamification!;
 * const { streak, earned } = await g.checkIn({}, { viewer });
 * const board = await g.leaderboard({ period: 'month', limit: 10 }, { viewer });
 * showRows(board.items, board.viewer);
 */
export interface GamificationAdapter {
  /** Checks the viewer in for today (community time zone); a second time today is a `conflict`. */
  checkIn(input: PointsEmptyInput, ctx: CallContext): Promise<CheckInResult>;
  /** The viewer's check-in state: checked in today, streak, longest streak, next bonus. */
  getCheckIn(input: PointsEmptyInput, ctx: CallContext): Promise<CheckInStatus>;
  /** Top members of a period with the viewer's own row; staff left out when the community says so. */
  leaderboard(input: LeaderboardInput, ctx: CallContext): Promise<Leaderboard>;
  /** Why a member has their points, newest first: their own, or anyone's for staff. */
  pointsHistory(input: PointsHistoryInput, ctx: CallContext): Promise<Page<PointsEntry>>;
  /** Balance, lifetime points, level and today's earnings of the viewer (or any member). */
  getStanding(input: GetStandingInput, ctx: CallContext): Promise<PointsStanding>;
  /** Adds or takes points with a reason (admins), outside the caps. Audited. */
  adjustPoints(input: AdjustPointsInput, ctx: CallContext): Promise<AdjustPointsResult>;
  /** A member's badges, earliest first, with names. */
  listBadges(input: ListBadgesInput, ctx: CallContext): Promise<BadgeAward[]>;
  /**
   * Awards a badge by hand (admins), as if earned: one with a title gives it to a member who
   * has none. Holding it already changes nothing. Audited.
   */
  grantBadge(input: BadgeGrantInput, ctx: CallContext): Promise<PointsStanding>;
  /**
   * Takes a badge away (admins), with the title it gave if the member still carries it; not
   * holding it changes nothing. A badge the rules award comes back when next earned. Audited.
   */
  revokeBadge(input: BadgeGrantInput, ctx: CallContext): Promise<PointsStanding>;
  /**
   * The board of a period as it stands beside the board proposed points settings would have
   * given it (admins): the period's entries re-priced and capped again, nothing written.
   */
  previewLeaderboard(input: PreviewLeaderboardInput, ctx: CallContext): Promise<LeaderboardPreview>;
  /** Every badge of the catalogue with its criteria and how many members hold it. */
  badgeCatalogue(input: BadgeCatalogueInput, ctx: CallContext): Promise<BadgeCatalogueEntry[]>;
}

/** Realtime events of points: on `memberChannel(memberId)` and `leaderboardChannel()`. */
export const POINTS_EVENTS = [
  z.object({
    type: z.literal('points.changed'),
    id: z.string(),
    channel: z.string(),
    memberId: z.string(),
    balance: z.number(),
    lifetimePoints: z.number(),
    level: Level,
  }),
  z.object({ type: z.literal('badge.awarded'), id: z.string(), channel: z.string(), memberId: z.string(), badge: BadgeAward }),
  z.object({ type: z.literal('leaderboard.changed'), id: z.string(), channel: z.string() }),
] as const;
