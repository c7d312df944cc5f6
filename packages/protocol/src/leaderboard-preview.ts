import * as z from 'zod/mini';
import { Level, PointsSettings } from './community.js';
import { LEADERBOARD_LIMIT, LeaderboardPeriod, LeaderboardRow, IsoDate } from './points.js';

/**
 * Input of `gamification.previewLeaderboard`: the points settings an admin is about to save
 * (whole, as `community.updateSettings({ points })` takes them) and the board to try them on.
 */
export const PreviewLeaderboardInput = z.object({
  /** The proposed points settings, checked as a save would check them. */
  points: PointsSettings,
  period: LeaderboardPeriod,
  /** First day of a `range` (inclusive, community time zone). */
  from: z.optional(IsoDate),
  /** Last day of a `range` (inclusive). */
  to: z.optional(IsoDate),
  /** Top N of each board (default 10, at most 100). */
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(LEADERBOARD_LIMIT.max))),
});
export type PreviewLeaderboardInput = z.input<typeof PreviewLeaderboardInput>;

/** Where a member stands on one board: rank in the whole ranking (null when not ranked) and points. */
export const BoardPlacing = z.object({
  rank: z.nullable(z.number()),
  points: z.number(),
});
export type BoardPlacing = z.infer<typeof BoardPlacing>;

/** One member's move between the board as it stands and the board under the proposed settings. */
export const LeaderboardMove = z.object({
  memberId: z.string(),
  /** On the board as it stands. */
  now: BoardPlacing,
  /** Had the proposed settings applied this period. */
  proposed: BoardPlacing,
  /** The member's level once the proposed settings are saved (their lifetime points against the proposed levels). */
  level: Level,
});
export type LeaderboardMove = z.infer<typeof LeaderboardMove>;

/**
 * What `previewLeaderboard` answers: the period's board as it stands, the board the proposed
 * settings would have given this period, and each member's move between the two.
 */
export const LeaderboardPreview = z.object({
  period: LeaderboardPeriod,
  /** First and last day of the period (null for `all`). */
  from: z.nullable(z.string()),
  to: z.nullable(z.string()),
  /** The top N as the board stands (what `leaderboard` answers). */
  current: z.array(LeaderboardRow),
  /** The top N had the proposed settings applied this period; levels by the proposed levels. */
  proposed: z.array(LeaderboardRow),
  /** Every member on either top N, in proposed order, then those who would fall off it. */
  moves: z.array(LeaderboardMove),
});
export type LeaderboardPreview = z.infer<typeof LeaderboardPreview>;

/** One badge of the catalogue with how many members hold it. */
export const BadgeCatalogueEntry = z.object({
  badge: z.string(),
  name: z.string(),
  /** Names by language tag (`zh-CN`, `zh-TW`). */
  names: z.record(z.string(), z.string()),
  /** What earns it, in English. */
  criteria: z.string(),
  /** What earns it, by language tag. */
  criteriaNames: z.record(z.string(), z.string()),
  /** The title it grants a member who has none yet. */
  title: z.nullable(z.object({ name: z.string(), names: z.record(z.string(), z.string()) })),
  /** Members who hold it. */
  holders: z.number(),
});
export type BadgeCatalogueEntry = z.infer<typeof BadgeCatalogueEntry>;

export const BadgeCatalogueInput = z.object({});
export type BadgeCatalogueInput = z.input<typeof BadgeCatalogueInput>;
